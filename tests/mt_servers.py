"""Local HTTP servers on 127.0.0.1 that speak the real MT engine protocols, for tests.

Each is a context manager yielding a LocalServer (its `url` and the `requests` it received):

    with libre_server({"Добрый день": "Guten Tag"}) as server:
        engine = LibreEngine(server.url)
        ...
        assert server.requests[0].fields["q"] == "Добрый день"
        assert server.texts_sent == ["Добрый день"]  # of every request, one text or several

A text with no given translation comes back marked with the target language, e.g. "[de] Текст",
so a test can still see which text went where.
"""

from __future__ import annotations

import html
import json
import socket
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str]
    json: Any
    headers: dict[str, str]

    @property
    def fields(self) -> dict[str, str]:
        """All parameters, as LibreTranslate reads them: JSON body, else query and form merged."""
        if isinstance(self.json, dict):
            return dict(self.json)
        return {**self.query, **self.form}

    @property
    def texts(self) -> list[str]:
        """The texts a translation request carries: LibreTranslate's `q` or DeepL's `text`, one
        or an array."""
        fields = self.fields
        value = fields.get("q", fields.get("text"))
        if value is None:
            return []
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]


@dataclass
class Answer:
    status: int
    content_type: str
    body: str | bytes
    headers: Mapping[str, str] = field(default_factory=dict)
    # Seconds between the bytes of the body: a server that drips its answer (0: all at once).
    drip: float = 0.0
    # False: no Content-Length; the body ends when the server closes the connection.
    length: bool = True
    # With drip: the status line and the headers are dripped too, not only the body.
    drip_headers: bool = False


# An app returns HANG to accept the request and never answer (until the server shuts down).
HANG = object()
App = Callable[[RecordedRequest], "Answer | object"]


@dataclass
class LocalServer:
    url: str
    requests: list[RecordedRequest] = field(default_factory=list)

    @property
    def texts_sent(self) -> list[str]:
        """Every text of every request, in the order the requests arrived."""
        return [text for request in self.requests for text in request.texts]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def _handle(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8") if length else ""
        content_type = self.headers.get("Content-Type", "")
        form: dict[str, str] = {}
        parsed_json: Any = None
        if content_type.startswith("application/json") and body:
            parsed_json = json.loads(body)
        elif body:
            form = dict(parse_qsl(body, keep_blank_values=True))
        request = RecordedRequest(
            method=self.command,
            path=parts.path,
            query=dict(parse_qsl(parts.query, keep_blank_values=True)),
            form=form,
            json=parsed_json,
            headers=dict(self.headers.items()),
        )
        self.server.record.requests.append(request)
        answer = self.server.app(request)
        if answer is HANG:
            self.server.release.wait()
            return
        assert isinstance(answer, Answer)
        # A str body goes as UTF-8; bytes as they are (an answer in another encoding, or broken).
        payload = answer.body if isinstance(answer.body, bytes) else answer.body.encode("utf-8")
        if answer.drip_headers:
            self._drip_all(answer, payload)
            return
        try:
            self.send_response(answer.status)
            if answer.status != 204:  # No Content: no body, so no type or length either
                self.send_header("Content-Type", answer.content_type)
                if answer.length:
                    self.send_header("Content-Length", str(len(payload)))
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if not answer.drip:
                self.wfile.write(payload)
                return
            for i in range(len(payload)):
                if self.server.release.wait(answer.drip):
                    return  # the server is shutting down
                self.wfile.write(payload[i : i + 1])
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test); nothing to tell it

    def _drip_all(self, answer: Answer, payload: bytes) -> None:
        head = (
            f"HTTP/1.0 {answer.status} OK\r\nContent-Type: {answer.content_type}\r\n"
            f"Content-Length: {len(payload)}\r\n\r\n"
        ).encode("ascii")
        whole = head + payload
        try:
            for i in range(len(whole)):
                if self.server.release.wait(answer.drip):
                    return  # the server is shutting down
                self.wfile.write(whole[i : i + 1])
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output clean


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, app: App) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.app = app
        self.release = threading.Event()
        self.record = LocalServer(url=f"http://127.0.0.1:{self.server_address[1]}")


@contextmanager
def serve(app: App) -> Iterator[LocalServer]:
    """Serve `app` on a free port of 127.0.0.1 for the duration of the block."""
    server = _Server(app)
    # A short poll interval: shutdown() waits for the loop to notice, once per test.
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield server.record
    finally:
        server.release.set()  # let hanging handlers finish
        server.shutdown()
        server.server_close()
        thread.join()


def unused_url() -> str:
    """A URL on 127.0.0.1 where nothing listens: connections to it are refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def _json(status: int, body: Any) -> Answer:
    return Answer(status, "application/json", json.dumps(body, ensure_ascii=False))


LIBRE_LANGUAGES = ("ru", "be", "de", "en")


def _libre_translations(
    q: str | list, target: str, translations: Mapping[str, str] | None = None
) -> Answer:
    """LibreTranslate's answer: translatedText one string for `q` one string, an array for an
    array; a text with no given translation comes back as "[target] text"."""
    translations = translations or {}
    texts = q if isinstance(q, list) else [q]
    translated = [translations.get(str(t), f"[{target}] {t}") for t in texts]
    return _json(200, {"translatedText": translated if isinstance(q, list) else translated[0]})


@contextmanager
def libre_server(
    translations: Mapping[str, str] | None = None,
    *,
    errors: Mapping[str, tuple[int, str]] | None = None,
    fail_all: tuple[int, str] | None = None,
    api_keys: set[str] | None = None,
    languages: tuple[str, ...] = LIBRE_LANGUAGES,
    hang: bool = False,
    batch_limit: int | None = None,
) -> Iterator[LocalServer]:
    """A LibreTranslate server: POST /translate (q, source, target, format, api_key) and
    GET /languages. `q` is one text (form or JSON) or, in a JSON body, an array of texts, which
    is answered with translatedText an array in the same order.

    translations: q → translatedText. errors: q → (HTTP status, error message) for that text;
    a request with that text among others fails whole, as LibreTranslate's does.
    fail_all: (status, message) for every /translate request. api_keys: when given, a request
    without one of these keys gets 403 "Invalid API key", as with LibreTranslate --api-keys.
    hang: accept every request and never answer. batch_limit: more texts in one request get
    400, as with LibreTranslate --batch-limit.
    """
    translations = translations or {}
    errors = errors or {}

    def app(request: RecordedRequest) -> Answer | object:
        if hang:
            return HANG
        if request.path == "/languages" and request.method == "GET":
            names = {"ru": "Russian", "be": "Belarusian", "de": "German", "en": "English"}
            return _json(
                200,
                [
                    {"code": code, "name": names.get(code, code), "targets": list(languages)}
                    for code in languages
                ],
            )
        if request.path != "/translate" or request.method != "POST":
            return _json(404, {"error": "Not Found"})
        fields = request.fields
        if api_keys is not None and fields.get("api_key") not in api_keys:
            return _json(403, {"error": "Invalid API key"})
        for name in ("q", "source", "target"):
            if not fields.get(name):
                return _json(400, {"error": f"Invalid request: missing {name} parameter"})
        if fields.get("format", "text") not in ("text", "html"):
            return _json(400, {"error": f"{fields['format']} format is not supported"})
        for role in ("source", "target"):
            code = fields[role]
            if code not in languages and not (role == "source" and code == "auto"):
                return _json(400, {"error": f"{code} is not supported"})
        if fail_all is not None:
            return _json(fail_all[0], {"error": fail_all[1]})
        q = fields["q"]
        if isinstance(q, list) and batch_limit is not None and len(q) > batch_limit:
            message = f"Invalid request: request ({len(q)}) exceeds text limit ({batch_limit})"
            return _json(400, {"error": message})
        for text in request.texts:
            if text in errors:
                return _json(errors[text][0], {"error": errors[text][1]})
        return _libre_translations(q, fields["target"], translations)

    with serve(app) as server:
        yield server


_GOOGLE_PAGE = """<!DOCTYPE html>
<html lang="{tl}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,minimum-scale=1.0">
<title>Google Translate</title></head>
<body><div class="root-container">
<div class="header"><div class="logo-image"></div><div class="logo-text">Translate</div></div>
<div class="languages-container"><div class="sl-and-tl">
<a href="./m?sl={sl}&amp;tl={tl}&amp;q={q_url}&amp;mui=sl&amp;hl={tl}">{sl}</a></div></div>
<div class="input-container"><form action="/m"><input type="hidden" name="sl" value="{sl}">
<input type="hidden" name="tl" value="{tl}"><input type="hidden" name="hl" value="{tl}">
<input type="text" aria-label="Source text" name="q" class="input-field" maxlength="2048"
value="{q}"><div class="translate-button-container">
<input type="submit" value="Translate" class="translate-button"></div></form></div>
<div class="result-container">{result}</div>
<div class="links-container"><ul><li><a href="https://www.google.com/m?hl={tl}">Google home</a>
</li></ul></div></div></body></html>
"""

_GOOGLE_SORRY_PAGE = """<html><head><meta http-equiv="content-type" content="text/html;
charset=utf-8"><title>https://translate.google.com/m</title></head><body>
<div id="infoDiv">Our systems have detected unusual traffic from your computer network.
This page checks to see if it's really you sending the requests, and not a robot.</div>
</body></html>
"""


@contextmanager
def google_server(
    translations: Mapping[str, str] | None = None,
    *,
    fail_all: int | None = None,
    hang: bool = False,
) -> Iterator[LocalServer]:
    """Google Translate's mobile page: GET /m?sl=..&tl=..&q=.. → HTML with the translation in
    <div class="result-container">, the element translate-flow's GoogleEngine reads.

    The yielded url is the page URL (ending in /m), the value of TRANSLATE_FLOW_GOOGLE_URL.
    fail_all: an HTTP status (429 gives Google's "unusual traffic" page) for every request.
    """
    translations = translations or {}

    def app(request: RecordedRequest) -> Answer | object:
        if hang:
            return HANG
        if request.path != "/m" or request.method != "GET":
            return Answer(404, "text/html; charset=UTF-8", "<html><body>404.</body></html>")
        if fail_all is not None:
            return Answer(fail_all, "text/html; charset=UTF-8", _GOOGLE_SORRY_PAGE)
        sl = request.query.get("sl", "auto")
        tl = request.query.get("tl", "en")
        q = request.query.get("q", "")
        result = translations.get(q, f"[{tl}] {q}")
        page = _GOOGLE_PAGE.format(
            sl=html.escape(sl),
            tl=html.escape(tl),
            q=html.escape(q),
            q_url=html.escape(quote(q)),
            result=html.escape(result),
        )
        return Answer(200, "text/html; charset=UTF-8", page)

    with serve(app) as server:
        server.url += "/m"
        yield server


@contextmanager
def flaky_libre_server(
    failures: list[tuple[int, str, dict[str, str]]],
    translations: Mapping[str, str] | None = None,
) -> Iterator[LocalServer]:
    """A LibreTranslate server whose first /translate answers are `failures` (status, body,
    headers), one per request in arrival order; every later request is answered normally.

    The body is sent as it is, so a failure can also be garbage ("<html>", "{not json").
    """
    translations = translations or {}
    pending = list(failures)
    lock = threading.Lock()

    def app(request: RecordedRequest) -> Answer | object:
        with lock:
            failure = pending.pop(0) if pending else None
        if failure is not None:
            status, body, headers = failure
            return Answer(status, "application/json", body, headers)
        fields = request.fields
        return _libre_translations(fields.get("q", ""), fields.get("target", ""), translations)

    with serve(app) as server:
        yield server


@contextmanager
def slow_libre_server(latency: float = 0.2) -> Iterator[LocalServer]:
    """A LibreTranslate server that takes `latency` seconds per /translate request, however many
    texts it carries (a real one also takes time per text); threaded, so requests in parallel
    overlap."""
    import time

    def app(request: RecordedRequest) -> Answer:
        time.sleep(latency)
        fields = request.fields
        return _libre_translations(fields.get("q", ""), fields.get("target", ""))

    with serve(app) as server:
        yield server


# Language pairs the fake DeepL offers glossaries for (DeepL: GET /v2/glossary-language-pairs).
DEEPL_GLOSSARY_PAIRS = frozenset(
    {("ru", "de"), ("ru", "en"), ("de", "en"), ("en", "de"), ("de", "ru"), ("en", "ru")}
)


@dataclass
class DeepLGlossary:
    glossary_id: str
    name: str
    source_lang: str  # lower case, as DeepL answers
    target_lang: str
    entries: dict[str, str]
    creation_time: str

    def info(self) -> dict[str, Any]:
        return {
            "glossary_id": self.glossary_id,
            "name": self.name,
            "ready": True,
            "source_lang": self.source_lang,
            "target_lang": self.target_lang,
            "creation_time": self.creation_time,
            "entry_count": len(self.entries),
        }


def apply_glossary(text: str, entries: Mapping[str, str]) -> str:
    """What DeepL does with a glossary, roughly: each source term, in any ending (a crude stem
    stands in for DeepL's morphology), becomes its target term; longer terms first."""
    import re

    for source, target in sorted(entries.items(), key=lambda e: -len(e[0])):
        stems = [re.escape(w[:-1] if len(w) > 4 else w) + r"\w*" for w in source.split()]
        pattern = r"(?<!\w)" + r"\s+".join(stems) + r"(?!\w)"
        text = re.sub(pattern, lambda _match, t=target: t, text, flags=re.IGNORECASE)
    return text


@contextmanager
def deepl_server(
    translations: Mapping[str, str] | None = None,
    *,
    auth_keys: set[str] | None = None,
    fail_all: tuple[int, str] | None = None,
    glossaries: dict[str, DeepLGlossary] | None = None,
    glossary_pairs: frozenset[tuple[str, str]] = DEEPL_GLOSSARY_PAIRS,
    failures: list[tuple[int, str, dict[str, str]]] | None = None,
    latency: float = 0.0,
) -> Iterator[LocalServer]:
    """DeepL's API v2: POST /v2/translate with a JSON body (text: [...], target_lang, source_lang,
    formality, glossary_id) or a form, and the header Authorization: DeepL-Auth-Key KEY. Answers
    {"translations": [{"detected_source_language", "text", "billed_characters"}]}.

    The v2 glossary endpoints the deepl package calls: POST /v2/glossaries (name, source_lang,
    target_lang, entries_format tsv, entries), GET /v2/glossaries, GET and DELETE
    /v2/glossaries/ID, GET /v2/glossaries/ID/entries. A translation with a glossary_id applies
    its entries (apply_glossary) to texts without a given translation.

    auth_keys: a request with another key gets 403. fail_all: (status, message) for every request.
    glossaries: the account's glossaries by id; pass a dict to look at it, or to keep an account
    across servers. glossary_pairs: the language pairs DeepL accepts a glossary for (others: 400).
    failures: the first /v2/translate answers (status, message, headers), one per request in
    arrival order. latency: seconds each /v2/translate request takes, however many texts it has.
    More than 50 texts in one request get 400, as from DeepL.
    """
    import time
    import uuid
    from datetime import UTC, datetime

    translations = translations or {}
    auth_keys = auth_keys if auth_keys is not None else {"test-key:fx"}
    account = glossaries if glossaries is not None else {}
    pending = list(failures or [])
    lock = threading.Lock()

    def create_glossary(fields: Mapping[str, Any]) -> Answer:
        name = str(fields.get("name") or "")
        source = str(fields.get("source_lang") or "").lower()
        target = str(fields.get("target_lang") or "").lower()
        if not name or not source or not target:
            return _json(400, {"message": "Missing name, source_lang or target_lang"})
        if (source, target) not in glossary_pairs:
            return _json(400, {"message": "Unsupported glossary source and target language pair"})
        if fields.get("entries_format") != "tsv":
            return _json(400, {"message": "Unsupported entries format"})
        entries = {}
        for line in str(fields.get("entries") or "").splitlines():
            if line.strip():
                term, _, translation = line.partition("\t")
                entries[term.strip()] = translation.strip()
        if not entries or not all(entries.values()):
            return _json(400, {"message": "Invalid glossary entries provided"})
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        glossary = DeepLGlossary(str(uuid.uuid4()), name, source, target, entries, now)
        with lock:
            account[glossary.glossary_id] = glossary
        return _json(201, glossary.info())

    def glossary_endpoint(request: RecordedRequest) -> Answer:
        rest = request.path.removeprefix("/v2/glossaries").strip("/")
        if not rest:
            if request.method == "POST":
                return create_glossary(request.json if isinstance(request.json, dict) else {})
            with lock:
                listed = [g.info() for g in account.values()]
            return _json(200, {"glossaries": listed})
        glossary_id, _, what = rest.partition("/")
        with lock:
            glossary = account.get(glossary_id)
            if glossary is not None and request.method == "DELETE" and not what:
                del account[glossary_id]
                return Answer(204, "application/json", "")
        if glossary is None:
            return _json(404, {"message": "Glossary not found"})
        if request.method == "GET" and what == "entries":
            tsv = "\n".join(f"{k}\t{v}" for k, v in glossary.entries.items())
            return Answer(200, "text/tab-separated-values", tsv)
        if request.method == "GET" and not what:
            return _json(200, glossary.info())
        return _json(404, {"message": "Not found"})

    def app(request: RecordedRequest) -> Answer:
        auth = request.headers.get("Authorization", "")
        if not auth.startswith("DeepL-Auth-Key ") or auth.split(" ", 1)[1] not in auth_keys:
            return _json(403, {"message": "Wrong endpoint or invalid key"})
        if fail_all is not None:
            return _json(fail_all[0], {"message": fail_all[1]})
        if request.path.startswith("/v2/glossaries"):
            return glossary_endpoint(request)
        if request.path != "/v2/translate" or request.method != "POST":
            return _json(404, {"message": "Not found"})
        time.sleep(latency)
        with lock:
            failure = pending.pop(0) if pending else None
        if failure is not None:
            status, message, headers = failure
            return Answer(status, "application/json", json.dumps({"message": message}), headers)
        if isinstance(request.json, dict):
            texts = request.json.get("text") or []
            fields = request.json
        else:
            texts = [request.form["text"]] if "text" in request.form else []
            fields = request.form
        target = str(fields.get("target_lang", ""))
        if not texts or not target:
            return _json(400, {"message": "Parameter 'text' or 'target_lang' not specified."})
        if len(texts) > 50:
            return _json(400, {"message": "Too many texts: at most 50 per request"})
        source = str(fields.get("source_lang") or "RU")
        entries: Mapping[str, str] = {}
        if fields.get("glossary_id"):
            with lock:
                glossary = account.get(str(fields["glossary_id"]))
            if glossary is None:
                return _json(404, {"message": "Glossary not found"})
            pair = (source.lower(), target.lower().split("-")[0])
            wanted = (glossary.source_lang, glossary.target_lang)
            if not fields.get("source_lang") or pair != wanted:
                return _json(400, {"message": "Glossary does not match the language pair"})
            entries = glossary.entries
        return _json(
            200,
            {
                "translations": [
                    {
                        "detected_source_language": source,
                        "text": translations.get(t) or f"[{target}] {apply_glossary(t, entries)}",
                        "billed_characters": len(t),
                    }
                    for t in texts
                ]
            },
        )

    with serve(app) as server:
        yield server


@contextmanager
def openai_server(
    answers: Mapping[str, str] | None = None,
    *,
    api_keys: set[str] | None = None,
    failures: list[tuple[int, str, dict[str, str]]] | None = None,
    hang: bool = False,
) -> Iterator[LocalServer]:
    """An OpenAI-compatible chat server: POST /v1/chat/completions with {"model", "messages",
    "temperature"} and the header Authorization: Bearer KEY; answers {"choices": [{"message":
    {"role": "assistant", "content"}, "finish_reason": "stop"}]}, errors as {"error": {...}}.

    It plays a model that obeys the glossary lines of the system prompt ("- Москву → Moskau"):
    the user's text with those terms replaced, marked with the model name, e.g. "[model] Text".
    answers: user text → the content to answer instead, as it is (quotes, extra lines...).
    api_keys: when given, another or no key gets 401. failures: the first answers (status, body,
    headers), one per request in arrival order, sent as they are. hang: never answer.
    """
    import re

    answers = answers or {}
    pending = list(failures or [])
    lock = threading.Lock()
    term_line = re.compile(r"^- (.+) → (.+)$", re.MULTILINE)

    def app(request: RecordedRequest) -> Answer | object:
        if hang:
            return HANG
        if request.path != "/v1/chat/completions" or request.method != "POST":
            return _json(404, {"error": {"message": "Not found", "type": "invalid_request_error"}})
        auth = request.headers.get("Authorization", "")
        if api_keys is not None and auth.removeprefix("Bearer ") not in api_keys:
            error = {"message": "Incorrect API key provided", "code": "invalid_api_key"}
            return _json(401, {"error": error})
        with lock:
            failure = pending.pop(0) if pending else None
        if failure is not None:
            status, body, headers = failure
            return Answer(status, "application/json", body, headers)
        body = request.json if isinstance(request.json, dict) else {}
        messages = body.get("messages") or []
        if not body.get("model") or not messages:
            error = {"message": "model and messages are required", "type": "invalid_request_error"}
            return _json(400, {"error": error})
        system = "\n".join(m["content"] for m in messages if m.get("role") == "system")
        text = "\n".join(m["content"] for m in messages if m.get("role") == "user")
        if text in answers:
            content = answers[text]
        else:
            for found, wanted in term_line.findall(system):
                text = text.replace(found, wanted)
            content = f"[{body['model']}] {text}"
        choice = {
            "index": 0,
            "message": {"role": "assistant", "content": content},
            "finish_reason": "stop",
        }
        return _json(
            200,
            {
                "id": "chatcmpl-local",
                "object": "chat.completion",
                "model": body["model"],
                "choices": [choice],
            },
        )

    with serve(app) as server:
        yield server
