/* The counting loops of the memory's fuzzy lookup (tm/counting.py, used by tm/ranking.py's
 * most_shared), compiled.
 *
 * A lookup sums, for each unit holding any of the query's rarer tokens, the weights of the tokens
 * it holds: some 200,000 ids at a million units. numpy needs about eight passes over them
 * (gather, add, scatter, gather, clear, ...), 30 ns an id; these loops make three, a few ns each.
 * tm/counting.py holds the same functions in numpy, for an installation built without a C
 * compiler (setup.py marks this extension optional) or a big-endian host; both keep the counters
 * in the same form and give the same results, and the tests check that they do.
 *
 * Built for the stable ABI (Py_LIMITED_API, Python 3.11): one wheel, _counting.abi3.so, serves
 * every CPython from 3.11 on.
 *
 * counter: uint32, indexed by unit id, all zero between lookups (the caller's, one per thread);
 *          sum << COUNT_BITS | the chunks of the unit not yet counted in the histogram, so
 *          sum << COUNT_BITS once tally has counted the unit.
 * chunks:  a sequence of (ids, weight): ids an array of uint32 unit ids, each id at most once in
 *          one array and in fewer than 1 << COUNT_BITS chunks of one call, weight a positive
 *          integer.
 */
#define Py_LIMITED_API 0x030B0000
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define COUNT_BITS 8
#define COUNT_MASK ((1u << COUNT_BITS) - 1)
#define LARGEST_SUM (UINT32_MAX >> COUNT_BITS)

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
    char own = PY_LITTLE_ENDIAN ? '<' : '>';
    int native = length <= 2 && (order == '=' || order == '@' || order == own);
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
    PyObject *fast = PySequence_Check(sequence) ? PySequence_Tuple(sequence) : NULL;
    if (fast == NULL) {
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_TypeError, "chunks must be a sequence of (ids, weight)");
        }
        return -1;
    }
    Py_ssize_t count = PyTuple_Size(fast);
    chunks->items = PyMem_Calloc(count ? count : 1, sizeof(Chunk));
    chunks->count = 0;
    *total = 0;
    if (chunks->items == NULL) {
        Py_DECREF(fast);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *item = PyTuple_GetItem(fast, i);
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
    if (*total > LARGEST_SUM) {
        PyErr_SetString(PyExc_ValueError, "the weights add up to more than a counter holds");
        goto fail;
    }
    Py_DECREF(fast);
    return 0;
fail:
    Py_DECREF(fast);
    release_chunks(chunks);
    return -1;
}

/* The arrays of one call: uint32 buffers (views[i], writable where asked) and the chunks. */
typedef struct {
    Py_buffer views[3];
    int count;
    Chunks chunks;
} Arrays;

static void
release_arrays(Arrays *arrays)
{
    release_chunks(&arrays->chunks);
    while (arrays->count > 0) {
        PyBuffer_Release(&arrays->views[--arrays->count]);
    }
}

/* Takes the `count` buffers (writable: bit i for objects[i]), then the chunks, checking their
 * ids against the first buffer's length if `bounded`. On failure nothing is held. */
static int
get_arrays(Arrays *arrays, int count, PyObject **objects, const char *const *names,
           unsigned writable, PyObject *sequence, int bounded, uint64_t *total)
{
    arrays->count = 0;
    arrays->chunks.items = NULL;
    arrays->chunks.count = 0;
    for (int i = 0; i < count; i++) {
        if (get_uint32(objects[i], &arrays->views[i], (writable >> i) & 1, names[i]) < 0) {
            release_arrays(arrays);
            return -1;
        }
        arrays->count = i + 1;
    }
    Py_ssize_t bound = bounded ? arrays->views[0].len / 4 : -1;
    if (get_chunks(sequence, bound, &arrays->chunks, total) < 0) {
        release_arrays(arrays);
        return -1;
    }
    return 0;
}

PyDoc_STRVAR(tally_doc,
"tally(counter, chunks, histogram) -> number of units\n\n"
"Adds each chunk's weight to the counters of its ids; then counts in histogram[s] the units\n"
"whose weights sum to s, each unit once, leaving its counter at s << COUNT_BITS. histogram\n"
"(uint32) must be longer than the sum of the weights.");

static PyObject *
tally(PyObject *module, PyObject *args)
{
    static const char *const names[] = {"counter", "histogram"};
    PyObject *objects[2], *sequence;
    Arrays arrays;
    uint64_t total;
    if (!PyArg_ParseTuple(args, "OOO", &objects[0], &sequence, &objects[1]) ||
        get_arrays(&arrays, 2, objects, names, 0x3, sequence, 1, &total) < 0) {
        return NULL;
    }
    if ((uint64_t)(arrays.views[1].len / 4) <= total) {
        PyErr_SetString(PyExc_ValueError, "the histogram is shorter than the sum of the weights");
        release_arrays(&arrays);
        return NULL;
    }
    uint32_t *counter = arrays.views[0].buf, *histogram = arrays.views[1].buf;
    const Chunks *chunks = &arrays.chunks;
    Py_ssize_t units = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < chunks->count; i++) {
        const uint32_t *ids = chunks->items[i].view.buf;
        Py_ssize_t length = chunks->items[i].view.len / 4;
        uint32_t add = chunks->items[i].weight << COUNT_BITS | 1;
        for (Py_ssize_t j = 0; j < length; j++) {
            counter[ids[j]] += add;
        }
    }
    for (Py_ssize_t i = 0; i < chunks->count; i++) {
        const uint32_t *ids = chunks->items[i].view.buf;
        Py_ssize_t length = chunks->items[i].view.len / 4;
        for (Py_ssize_t j = 0; j < length; j++) {
            uint32_t value = counter[ids[j]];
            if (value & COUNT_MASK) { /* not counted yet: count it, and clear its chunks */
                histogram[value >> COUNT_BITS]++;
                counter[ids[j]] = value & ~COUNT_MASK;
                units++;
            }
        }
    }
    Py_END_ALLOW_THREADS
    release_arrays(&arrays);
    return PyLong_FromSsize_t(units);
}

PyDoc_STRVAR(collect_doc,
"collect(counter, chunks, lowest, ids, sums) -> n\n\n"
"Writes to ids[:n] and sums[:n] (uint32) each unit of the chunks whose weights sum to at least\n"
"lowest, once, and clears the counters of all the chunks' ids. ids and sums must have room for\n"
"all such units (the histogram tells how many); the counters are cleared even when they have not.");

static PyObject *
collect(PyObject *module, PyObject *args)
{
    static const char *const names[] = {"counter", "ids", "sums"};
    PyObject *objects[3], *sequence;
    unsigned long long lowest;
    Arrays arrays;
    uint64_t total;
    if (!PyArg_ParseTuple(
            args, "OOKOO", &objects[0], &sequence, &lowest, &objects[1], &objects[2]) ||
        get_arrays(&arrays, 3, objects, names, 0x7, sequence, 1, &total) < 0) {
        return NULL;
    }
    uint32_t *counter = arrays.views[0].buf;
    uint32_t *found_ids = arrays.views[1].buf, *found_sums = arrays.views[2].buf;
    Py_ssize_t room = arrays.views[1].len < arrays.views[2].len ? arrays.views[1].len / 4
                                                                : arrays.views[2].len / 4;
    const Chunks *chunks = &arrays.chunks;
    Py_ssize_t found = 0;
    int overflow = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < chunks->count; i++) {
        const uint32_t *ids = chunks->items[i].view.buf;
        Py_ssize_t length = chunks->items[i].view.len / 4;
        for (Py_ssize_t j = 0; j < length; j++) {
            uint32_t value = counter[ids[j]];
            if (value == 0) {
                continue;  /* not counted, or already collected */
            }
            uint32_t sum = value >> COUNT_BITS;
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
    release_arrays(&arrays);
    if (overflow) {
        PyErr_SetString(PyExc_ValueError, "ids and sums have no room for every unit found");
        return NULL;
    }
    return PyLong_FromSsize_t(found);
}

PyDoc_STRVAR(add_held_doc,
"add_held(chunks, units, sums)\n\n"
"Adds to sums[i] the weight of each chunk that holds units[i]. Here a chunk's ids must be sorted\n"
"(a posting list); units is uint32 (fastest sorted) and sums (uint32) as long as units.");

static PyObject *
add_held(PyObject *module, PyObject *args)
{
    static const char *const names[] = {"units", "sums"};
    PyObject *objects[2], *sequence;
    Arrays arrays;
    uint64_t total;
    if (!PyArg_ParseTuple(args, "OOO", &sequence, &objects[0], &objects[1]) ||
        get_arrays(&arrays, 2, objects, names, 0x2, sequence, 0, &total) < 0) {
        return NULL;
    }
    if (arrays.views[0].len != arrays.views[1].len) {
        PyErr_SetString(PyExc_ValueError, "units and sums differ in length");
        release_arrays(&arrays);
        return NULL;
    }
    const uint32_t *units = arrays.views[0].buf;
    uint32_t *sums = arrays.views[1].buf;
    Py_ssize_t count = arrays.views[0].len / 4;
    const Chunks *chunks = &arrays.chunks;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < chunks->count; i++) {
        const uint32_t *ids = chunks->items[i].view.buf;
        Py_ssize_t length = chunks->items[i].view.len / 4;
        uint32_t weight = chunks->items[i].weight;
        /* Every id before `start` is below the previous unit's: units in ascending order are
         * each searched for from where the last one was found, in steps doubling in length. */
        Py_ssize_t start = 0;
        uint32_t previous = 0;
        for (Py_ssize_t u = 0; u < count && length > 0; u++) {
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
    release_arrays(&arrays);
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"tally", tally, METH_VARARGS, tally_doc},
    {"collect", collect, METH_VARARGS, collect_doc},
    {"add_held", add_held, METH_VARARGS, add_held_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    "_counting",
    "The loops of the memory's fuzzy lookup (see tm/counting.py), compiled.",
    -1,
    methods,
};

PyMODINIT_FUNC
PyInit__counting(void)
{
    PyObject *created = PyModule_Create(&module);
    if (created != NULL && PyModule_AddIntConstant(created, "COUNT_BITS", COUNT_BITS) < 0) {
        Py_DECREF(created);
        return NULL;
    }
    return created;
}
