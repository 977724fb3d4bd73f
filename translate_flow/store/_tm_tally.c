/* The counting loops of the memory's fuzzy lookup (store/tm_index.py, most_shared), compiled.
 *
 * A lookup sums, for each unit holding any of the query's rarer tokens, the weights of the tokens
 * it holds: some 200,000 ids at a million units. numpy needs about eight passes over them
 * (gather, add, scatter, gather, clear, ...), 30 ns an id; these loops make three, a few ns each.
 * store/tm_loops.py holds the same functions in numpy for an installation built without a C
 * compiler (setup.py marks this extension optional), and the tests check that both agree.
 *
 * counter: uint32, indexed by unit id, all zero between lookups (the caller's, one per thread);
 *          a unit's summed weights, and VISITED once tally has put it in the histogram.
 * chunks:  a sequence of (ids, weight): ids an array of uint32 unit ids, each id at most once in
 *          one array, weight a positive integer.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define VISITED 0x80000000u

typedef struct {
    Py_buffer view;
    uint32_t weight;
} Chunk;

typedef struct {
    Chunk *items;
    Py_ssize_t count;
} Chunks;

/* A contiguous buffer of uint32 in the machine's byte order (numpy's "I"; "<I" on x86 and ARM). */
static int
get_uint32(PyObject *object, Py_buffer *view, int writable, const char *what)
{
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(object, view, flags) < 0) {
        return -1;
    }
    const char *format = view->format ? view->format : "B";
    size_t length = strlen(format);
    char order = length == 2 ? format[0] : '=';
    int native = length <= 2 && (order == '=' || order == '@' || order == (PY_LITTLE_ENDIAN ? '<' : '>'));
    if (view->itemsize != 4 || !native || format[length - 1] != 'I' || view->ndim > 1) {
        PyErr_Format(PyExc_TypeError, "%s must be a uint32 array", what);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

static void
release_chunks(Chunks *chunks)
{
    for (Py_ssize_t i = 0; i < chunks->count; i++) {
        PyBuffer_Release(&chunks->items[i].view);
    }
    PyMem_Free(chunks->items);
    chunks->items = NULL;
    chunks->count = 0;
}

/* Parses the chunks and checks every id against the counter's length (unless it is -1) before
 * anything is written: a bad call leaves the counter as it was. *total is the sum of the weights. */
static int
get_chunks(PyObject *sequence, Py_ssize_t counter_length, Chunks *chunks, uint64_t *total)
{
    PyObject *fast = PySequence_Fast(sequence, "chunks must be a sequence of (ids, weight)");
    if (fast == NULL) {
        return -1;
    }
    Py_ssize_t count = PySequence_Fast_GET_SIZE(fast);
    chunks->items = PyMem_Calloc(count ? count : 1, sizeof(Chunk));
    chunks->count = 0;
    *total = 0;
    if (chunks->items == NULL) {
        Py_DECREF(fast);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(fast, i);
        PyObject *ids;
        unsigned long weight;
        if (!PyTuple_Check(item) || !PyArg_ParseTuple(item, "Ok", &ids, &weight)) {
            if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_TypeError, "a chunk must be a tuple (ids, weight)");
            }
            goto fail;
        }
        if (weight == 0 || weight > 0xFFFFu) {
            PyErr_SetString(PyExc_ValueError, "a weight must be between 1 and 65535");
            goto fail;
        }
        Chunk *chunk = &chunks->items[i];
        if (get_uint32(ids, &chunk->view, 0, "ids") < 0) {
            goto fail;
        }
        chunks->count = i + 1;
        chunk->weight = (uint32_t)weight;
        *total += weight;
        const uint32_t *values = chunk->view.buf;
        Py_ssize_t length = chunk->view.len / 4;
        for (Py_ssize_t j = 0; counter_length >= 0 && j < length; j++) {
            if ((Py_ssize_t)values[j] >= counter_length) {
                PyErr_SetString(PyExc_IndexError, "a unit id lies beyond the counter");
                goto fail;
            }
        }
    }
    Py_DECREF(fast);
    if (*total >= VISITED) {
        PyErr_SetString(PyExc_ValueError, "the weights add up to more than a counter holds");
        release_chunks(chunks);
        return -1;
    }
    return 0;
fail:
    Py_DECREF(fast);
    release_chunks(chunks);
    return -1;
}

PyDoc_STRVAR(tally_doc,
"tally(counter, chunks, histogram) -> number of units\n\n"
"Adds each chunk's weight to the counters of its ids; then counts in histogram[s] the units\n"
"whose weights sum to s (each unit once) and marks them VISITED. histogram (uint32) must be\n"
"longer than the sum of the weights.");

static PyObject *
tally(PyObject *module, PyObject *args)
{
    PyObject *counter_object, *sequence, *histogram_object;
    if (!PyArg_ParseTuple(args, "OOO", &counter_object, &sequence, &histogram_object)) {
        return NULL;
    }
    Py_buffer counter_view, histogram_view;
    if (get_uint32(counter_object, &counter_view, 1, "counter") < 0) {
        return NULL;
    }
    if (get_uint32(histogram_object, &histogram_view, 1, "histogram") < 0) {
        PyBuffer_Release(&counter_view);
        return NULL;
    }
    Chunks chunks;
    uint64_t total;
    PyObject *result = NULL;
    if (get_chunks(sequence, counter_view.len / 4, &chunks, &total) < 0) {
        goto done;
    }
    if ((uint64_t)(histogram_view.len / 4) <= total) {
        PyErr_SetString(PyExc_ValueError, "the histogram is shorter than the sum of the weights");
        release_chunks(&chunks);
        goto done;
    }
    uint32_t *counter = counter_view.buf;
    uint32_t *histogram = histogram_view.buf;
    Py_ssize_t units = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < chunks.count; i++) {
        const uint32_t *ids = chunks.items[i].view.buf;
        Py_ssize_t length = chunks.items[i].view.len / 4;
        uint32_t weight = chunks.items[i].weight;
        for (Py_ssize_t j = 0; j < length; j++) {
            counter[ids[j]] += weight;
        }
    }
    for (Py_ssize_t i = 0; i < chunks.count; i++) {
        const uint32_t *ids = chunks.items[i].view.buf;
        Py_ssize_t length = chunks.items[i].view.len / 4;
        for (Py_ssize_t j = 0; j < length; j++) {
            uint32_t value = counter[ids[j]];
            if (!(value & VISITED)) {
                histogram[value]++;
                counter[ids[j]] = value | VISITED;
                units++;
            }
        }
    }
    Py_END_ALLOW_THREADS
    release_chunks(&chunks);
    result = PyLong_FromSsize_t(units);
done:
    PyBuffer_Release(&histogram_view);
    PyBuffer_Release(&counter_view);
    return result;
}

PyDoc_STRVAR(collect_doc,
"collect(counter, chunks, lowest, ids, sums) -> n\n\n"
"Writes to ids[:n] and sums[:n] (uint32) each unit of the chunks whose weights sum to at least\n"
"lowest, once, and clears the counters of all the chunks' ids. ids and sums must have room for\n"
"all such units (the histogram tells how many); the counters are cleared even when they have not.");

static PyObject *
collect(PyObject *module, PyObject *args)
{
    PyObject *counter_object, *sequence, *ids_object, *sums_object;
    unsigned long long lowest;
    if (!PyArg_ParseTuple(
            args, "OOKOO", &counter_object, &sequence, &lowest, &ids_object, &sums_object)) {
        return NULL;
    }
    Py_buffer counter_view, ids_view, sums_view;
    if (get_uint32(counter_object, &counter_view, 1, "counter") < 0) {
        return NULL;
    }
    if (get_uint32(ids_object, &ids_view, 1, "ids") < 0) {
        PyBuffer_Release(&counter_view);
        return NULL;
    }
    if (get_uint32(sums_object, &sums_view, 1, "sums") < 0) {
        PyBuffer_Release(&ids_view);
        PyBuffer_Release(&counter_view);
        return NULL;
    }
    Chunks chunks;
    uint64_t total;
    PyObject *result = NULL;
    if (get_chunks(sequence, counter_view.len / 4, &chunks, &total) < 0) {
        goto done;
    }
    uint32_t *counter = counter_view.buf;
    uint32_t *found_ids = ids_view.buf;
    uint32_t *found_sums = sums_view.buf;
    Py_ssize_t room = ids_view.len < sums_view.len ? ids_view.len / 4 : sums_view.len / 4;
    Py_ssize_t found = 0;
    int overflow = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < chunks.count; i++) {
        const uint32_t *ids = chunks.items[i].view.buf;
        Py_ssize_t length = chunks.items[i].view.len / 4;
        for (Py_ssize_t j = 0; j < length; j++) {
            uint32_t value = counter[ids[j]];
            if (value == 0) {
                continue;  /* not counted, or already collected */
            }
            uint32_t sum = value & ~VISITED;
            if (sum >= lowest) {
                if (found < room) {
                    found_ids[found] = ids[j];
                    found_sums[found] = sum;
                    found++;
                } else {
                    overflow = 1;
                }
            }
            counter[ids[j]] = 0;
        }
    }
    Py_END_ALLOW_THREADS
    release_chunks(&chunks);
    if (overflow) {
        PyErr_SetString(PyExc_ValueError, "ids and sums have no room for every unit found");
    } else {
        result = PyLong_FromSsize_t(found);
    }
done:
    PyBuffer_Release(&sums_view);
    PyBuffer_Release(&ids_view);
    PyBuffer_Release(&counter_view);
    return result;
}

PyDoc_STRVAR(add_held_doc,
"add_held(chunks, units, sums)\n\n"
"Adds to sums[i] the weight of each chunk that holds units[i]. Here a chunk's ids must be sorted\n"
"(a posting list); units is uint32 (fastest sorted) and sums (uint32) as long as units.");

static PyObject *
add_held(PyObject *module, PyObject *args)
{
    PyObject *sequence, *units_object, *sums_object;
    if (!PyArg_ParseTuple(args, "OOO", &sequence, &units_object, &sums_object)) {
        return NULL;
    }
    Py_buffer units_view, sums_view;
    if (get_uint32(units_object, &units_view, 0, "units") < 0) {
        return NULL;
    }
    if (get_uint32(sums_object, &sums_view, 1, "sums") < 0) {
        PyBuffer_Release(&units_view);
        return NULL;
    }
    Chunks chunks;
    uint64_t total;
    PyObject *result = NULL;
    if (sums_view.len != units_view.len) {
        PyErr_SetString(PyExc_ValueError, "units and sums differ in length");
        goto done;
    }
    if (get_chunks(sequence, -1, &chunks, &total) < 0) {
        goto done;
    }
    const uint32_t *units = units_view.buf;
    uint32_t *sums = sums_view.buf;
    Py_ssize_t count = units_view.len / 4;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < chunks.count; i++) {
        const uint32_t *ids = chunks.items[i].view.buf;
        Py_ssize_t length = chunks.items[i].view.len / 4;
        uint32_t weight = chunks.items[i].weight;
        if (length == 0) {
            continue;
        }
        /* Every id before `start` is below the previous unit's: units in ascending order are
         * each searched for from where the last one was found, in steps doubling in length. */
        Py_ssize_t start = 0;
        uint32_t previous = 0;
        for (Py_ssize_t u = 0; u < count; u++) {
            uint32_t unit = units[u];
            if (unit < previous) {
                start = 0;
            }
            previous = unit;
            Py_ssize_t low = start, step = 1;
            while (low + step - 1 < length && ids[low + step - 1] < unit) {
                low += step;
                step <<= 1;
            }
            Py_ssize_t high = low + step - 1 < length ? low + step - 1 : length;
            while (low < high) { /* the first position whose id is not below the unit's */
                Py_ssize_t middle = low + (high - low) / 2;
                if (ids[middle] < unit) {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            if (low < length && ids[low] == unit) {
                sums[u] += weight;
            }
            start = low;
        }
    }
    Py_END_ALLOW_THREADS
    release_chunks(&chunks);
    result = Py_NewRef(Py_None);
done:
    PyBuffer_Release(&sums_view);
    PyBuffer_Release(&units_view);
    return result;
}

static PyMethodDef methods[] = {
    {"tally", tally, METH_VARARGS, tally_doc},
    {"collect", collect, METH_VARARGS, collect_doc},
    {"add_held", add_held, METH_VARARGS, add_held_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    "_tm_tally",
    "The counting loops of the memory's fuzzy lookup (see store/tm_index.py), compiled.",
    -1,
    methods,
};

PyMODINIT_FUNC
PyInit__tm_tally(void)
{
    PyObject *created = PyModule_Create(&module);
    if (created != NULL && PyModule_AddIntConstant(created, "VISITED", VISITED) < 0) {
        Py_DECREF(created);
        return NULL;
    }
    return created;
}
