"""The one HTTP base of every engine that calls a web service: requests, limits and failures.

An engine module says only what its service's API is (the path, the body, where the translation
is in the answer, where the server puts its error message); this base sends the request and
decides what a failure means, the same way for every engine:

- no redirect is followed: a server that answers 3xx would send the text (and the key) on to
  another address, perhaps outside the desk, so the redirect is a fatal failure that names the
  setting to correct instead;
- a total deadline per request, not per read: a server dripping one byte a second is cut off
  after the engine's timeout (the connection and the headers each get at most that timeout too);
- an answer larger than MAX_ANSWER_BYTES is cut off and fails;
- one classifier for HTTP statuses and network errors (retryable 429/5xx/dropped connection,
  fatal refused key/timeout/wrong server), which the layer (mt/layer.py) acts on;
- every reason is masked before it leaves the engine: the engine's key, credentials in a URL,
  key= query parameters and Authorization values never reach the database or the terminal;
- an empty answer for a non-empty text is a failure, never a translation (nor cached).

Engines never raise from translate_batch: a bug or an unexpected answer becomes the reason of
each segment of the batch.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from translate_flow.mt.base import (
    Engine,
    EngineError,
    EngineStatus,
    MTResult,
    blank_answers_failed,
    is_blank,
    stopped_reason,
)
from translate_flow.mt.settings import setting_variable

DEFAULT_TIMEOUT = 10.0  # seconds for a whole request: connection, headers and answer
CONNECT_TIMEOUT = 5.0  # seconds to wait for a connection, when the timeout is longer
# No translation of one batch comes near this; a larger answer is a wrong server or an attack.
MAX_ANSWER_BYTES = 8 * 1024 * 1024
_READ_SIZE = 64 * 1024


class Failure(Exception):
    """One request failed; `fatal` when every further request would fail alike, `retryable` when
    the same request may succeed later (see MTResult)."""

    def __init__(
        self,
        reason: str,
        fatal: bool = False,
        retryable: bool = False,
        http_status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fatal = fatal
        self.retryable = retryable
        self.http_status = http_status
        self.retry_after = retry_after

    def result(self, origin: str) -> MTResult:
        return MTResult(
            text=None,
            error=self.reason,
            origin=origin,
            http_status=self.http_status,
            retry_after=self.retry_after,
            retryable=self.retryable,
            fatal=self.fatal,
        )


@dataclass(frozen=True)
class Reply:
    """A server's whole answer, read within the deadline and the size limit."""

    status: int
    headers: Mapping[str, str]
    body: bytes

    @property
    def text(self) -> str:
        """The body as text for messages: undecodable bytes become U+FFFD."""
        return self.body.decode("utf-8", errors="replace")

    @property
    def charset(self) -> str:
        """The encoding the Content-Type declares; UTF-8 when it declares none."""
        for part in self.headers.get("Content-Type", "").split(";")[1:]:
            name, _, value = part.strip().partition("=")
            if name.strip().lower() == "charset" and value.strip(' "'):
                return value.strip(' "')
        return "utf-8"

    def json(self) -> Any:
        """The body as JSON; ValueError when it is not."""
        return json.loads(self.body.decode("utf-8"))

    @property
    def is_json(self) -> bool:
        return "json" in self.headers.get("Content-Type", "").lower()


class HttpEngine(Engine):
    """An engine that calls a web service. Subclasses implement translate_one (an API of one
    text per request) or translate_texts (several texts per request; non-blank texts only)
    through self.request, and may refine server_message and classify."""

    name = ""
    on_premises = False
    # The setting that holds the key, named in the advice after a refused key (None: no key).
    key_setting: str | None = None
    max_answer_bytes = MAX_ANSWER_BYTES
    # Whether JSON cut off or garbled by the right server (Content-Type JSON) is worth asking
    # again; otherwise it stops the engine like an HTML page from the wrong server.
    broken_json_retryable = False
    # Added to the reason of a timeout (a slow model may need a longer timeout).
    slow_advice = ""
    # An engine that cannot work without its key: refused when built without one, and shown as
    # not configured by `translate-flow engines`.
    key_required = False
    # What `translate-flow engines` says of a configured engine of this kind.
    service_note = "public web service"

    def __init__(
        self,
        url: str,
        key: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        on_premises: bool = False,
    ) -> None:
        if self.key_required and not key:
            raise EngineError(f"{self.name}: no API key; set {self.setting_hint('KEY')}")
        if not url.startswith(("http://", "https://")):
            raise EngineError(
                f"{self.name}: server URL {mask_url(url)!r} must start with http:// or "
                f"https://; fix {self.setting_hint('URL')}"
            )
        if timeout <= 0:
            raise EngineError(
                f"{self.name}: timeout must be more than 0 seconds, not {timeout:g}; "
                f"fix {self.setting_hint('TIMEOUT')}"
            )
        self.url = url
        self.key = key or None
        self.timeout = timeout
        self.on_premises = on_premises
        self._local = threading.local()
        self._stopped = threading.Event()  # see stop()

    # --- what a subclass writes -----------------------------------------------------------

    @classmethod
    def status(cls, settings: Any) -> EngineStatus:
        if cls.key_required and not settings.key:
            return EngineStatus(False, f"set {cls.setting_hint('KEY')}")
        status = super().status(settings)
        if status.configured and status.note is None:
            return EngineStatus(True, cls.service_note)
        return status

    def output_settings(self) -> dict:
        return {"url": self.url}

    def translate_texts(self, texts: list[str], source: str, target: str) -> list[MTResult]:
        """One MTResult per text (none of them blank), in order; may raise Failure for all.
        By default each text in a request of its own, through translate_one."""
        return self.one_by_one(texts, lambda text: self.translate_one(text, source, target))

    def translate_one(self, text: str, source: str, target: str) -> str:
        """The translation of one text; raises Failure (self.no_translation() and the like)."""
        raise NotImplementedError(f"{type(self).__name__} translates neither one text nor many")

    def json_of(self, reply: Reply) -> Any:
        """The answer's JSON; an answer that is not JSON fails as self.not_json says."""
        try:
            return reply.json()
        except ValueError:
            raise self.not_json(reply) from None

    def text_of(self, reply: Reply) -> str:
        """The answer as text in the encoding it declares. Bytes that are not valid in it fail:
        read with replacement characters, they would be stored as the translation."""
        try:
            return reply.body.decode(reply.charset)
        except (LookupError, UnicodeDecodeError):
            raise Failure(
                f"{self.name}: the answer from {self.where} is not valid {reply.charset} text; "
                f"is it the right server? check {self.setting_hint('URL')}",
                fatal=True,
            ) from None

    def server_message(self, reply: Reply) -> str:
        """The error text the server put in its answer: {"error": "..."} or {"message": "..."}
        by default; an engine whose API says it otherwise overrides this."""
        try:
            body = reply.json()
        except ValueError:
            return ""
        if not isinstance(body, dict):
            return ""
        error = body.get("error")
        if isinstance(error, dict):
            error = error.get("message")
        if not isinstance(error, str):
            error = body.get("message")
        return error.strip() if isinstance(error, str) else ""

    def classify(self, reply: Reply, said: str) -> Failure | None:
        """An engine's own reading of a status (DeepL's 456: quota used up); None: the usual."""
        return None

    def secrets(self) -> list[str]:
        """Values never to show: the key, and any more an engine holds."""
        return [self.key] if self.key else []

    # --- what the base does ---------------------------------------------------------------

    def stop(self) -> None:
        """The run was stopped (Ctrl-C): a request waiting for its answer gives up now instead
        of at its timeout (a language model may take a minute), and none is sent after."""
        self._stopped.set()

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[MTResult]:
        todo = [i for i, text in enumerate(texts) if not is_blank(text)]
        results = [MTResult(text=text, origin=self.name) for text in texts]
        if not todo:
            return results
        sent = [texts[i] for i in todo]
        import requests

        with requests.Session() as session:
            self._local.session = session
            try:
                answers = self.translate_texts(sent, source, target)
                if len(answers) != len(sent):
                    raise self.not_one_each(len(sent))
            except Failure as failure:
                answers = [failure.result(self.name) for _ in sent]
            except Exception as exc:  # the contract: one reason per segment, never an exception
                reason = f"{self.name}: {type(exc).__name__}: {exc}"
                answers = [MTResult(None, reason, self.name) for _ in sent]
            finally:
                self._local.session = None
        answers = blank_answers_failed(sent, answers, f"{self.name}: {self.where}")
        for i, answer in zip(todo, answers, strict=True):
            if answer.error:
                answer.error = self.mask(answer.error)
            results[i] = answer
        return results

    def one_by_one(self, texts: list[str], translate: Callable[[str], str]) -> list[MTResult]:
        """For APIs of one text per request: each text on its own, and after a fatal failure
        (a refused key) the rest fail at once with its reason instead of asking again."""
        results: list[MTResult] = []
        fatal: Failure | None = None
        for text in texts:
            if fatal is not None:
                results.append(fatal.result(self.name))
                continue
            try:
                results.append(MTResult(text=translate(text), origin=self.name))
            except Failure as failure:
                fatal = failure if failure.fatal else None
                results.append(failure.result(self.name))
        return results

    @property
    def where(self) -> str:
        """The server's URL as it may be shown: without credentials or keys."""
        return mask_url(self.url)

    def mask(self, text: str) -> str:
        return mask_secrets(text, self.secrets())

    @classmethod
    def setting_hint(cls, setting: str) -> str:
        """The environment variable of one of this engine's settings (TRANSLATE_FLOW_LIBRE_URL)."""
        return setting_variable(cls.name, setting)

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
        json_body: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> Reply:
        """Send one request and read its whole answer; a 2xx Reply, else raises Failure."""
        import requests

        session = getattr(self._local, "session", None)
        if session is None:  # called outside translate_batch: a session for this request only
            with requests.Session() as own:
                self._local.session = own
                try:
                    return self.request(
                        method, url, params=params, data=data, json_body=json_body, headers=headers
                    )
                finally:
                    self._local.session = None
        deadline = time.monotonic() + self.timeout
        if self._stopped.is_set():
            raise self._stopping()
        try:
            response = _headers_within(
                deadline,
                lambda: session.request(
                    method,
                    url,
                    params=params,
                    data=data,
                    json=json_body,
                    headers=dict(headers or {}),
                    timeout=(min(CONNECT_TIMEOUT, self.timeout), self.timeout),
                    allow_redirects=False,
                    stream=True,
                ),
                self._stopped,
            )
        except TimeoutError as exc:
            raise (self._stopping() if self._stopped.is_set() else self._timed_out()) from exc
        except requests.RequestException as exc:
            raise self.unreachable(exc) from exc
        with response:
            if 300 <= response.status_code < 400:
                raise self._redirected(response.status_code, response.headers.get("Location"))
            body = self._read_body(response, deadline)
        reply = Reply(response.status_code, response.headers, body)
        if not 200 <= reply.status < 300:
            raise self.http_failure(reply)
        return reply

    def _read_body(self, response: Any, deadline: float) -> bytes:
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > self.max_answer_bytes:
            raise self._too_large()
        raw = response.raw
        body = bytearray()
        while True:
            if time.monotonic() > deadline:
                raise self._timed_out()
            if self._stopped.is_set():
                raise self._stopping()
            try:
                # read1 returns what has arrived instead of waiting for the whole chunk, so the
                # deadline is checked between the bytes of a server that drips them.
                chunk = raw.read1(_READ_SIZE, decode_content=True)
            except Exception as exc:  # urllib3's read errors: timeout, a cut connection
                if "timed out" in str(exc).lower():
                    raise self._timed_out() from exc
                raise Failure(
                    f"{self.name}: the answer from {self.where} was cut off ({type(exc).__name__})",
                    retryable=True,
                ) from exc
            if not chunk:
                return bytes(body)
            body += chunk
            if len(body) > self.max_answer_bytes:
                raise self._too_large()

    def http_failure(self, reply: Reply) -> Failure:
        """The one reading of a failed HTTP status: what to tell and what the layer should do."""
        status = reply.status
        detail = self.server_message(reply)
        said = f"{self.where} answered HTTP {status}" + (f" ({detail})" if detail else "")
        own = self.classify(reply, said)
        if own is not None:
            return own
        if status in (401, 403):
            # Refused once, refused for every segment: stop asking.
            advice = (
                f"check {self.setting_hint(self.key_setting)}"
                if self.key_setting
                else "use another engine"
            )
            return Failure(f"{self.name}: {said}; {advice}", fatal=True, http_status=status)
        retry_after = parse_retry_after(reply.headers.get("Retry-After"))
        if status == 429:
            return Failure(
                f"{self.name}: {said}: too many requests; translate again later",
                retryable=True,
                http_status=status,
                retry_after=retry_after,
            )
        return Failure(
            f"{self.name}: {said}",
            retryable=status >= 500,
            http_status=status,
            retry_after=retry_after,
        )

    def not_json(self, reply: Reply) -> Failure:
        """An answer that should be JSON and is not: an HTML page means another server (fatal);
        cut-off JSON from the right server may come whole next time."""
        if reply.is_json and self.broken_json_retryable:
            return Failure(
                f"{self.name}: the answer from {self.where} is broken JSON", retryable=True
            )
        return Failure(
            f"{self.name}: the answer from {self.where} is not JSON; is it the right server? "
            f"check {self.setting_hint('URL')}",
            fatal=True,
        )

    def not_one_each(self, count: int) -> Failure:
        return Failure(
            f"{self.name}: the answer from {self.where} did not hold one translation for each "
            f"of the {count} texts sent"
        )

    def no_translation(self) -> Failure:
        return Failure(f"{self.name}: the answer from {self.where} held no translation")

    def unreachable(self, exc: Exception) -> Failure:
        import requests

        advice = f"check the server or {self.setting_hint('URL')}, or use --engine tm"
        if isinstance(exc, requests.ConnectTimeout):
            connect = min(CONNECT_TIMEOUT, self.timeout)
            return Failure(
                f"{self.name}: cannot reach {self.where} (no connection within {connect:g} s); "
                f"{advice}",
                fatal=True,
                retryable=True,
            )
        if isinstance(exc, requests.Timeout) or "timed out" in str(exc).lower():
            return self._timed_out()
        # A refused or dropped connection may be a restart: retried, then fatal.
        return Failure(
            f"{self.name}: cannot reach {self.where} ({connection_problem(exc)}); {advice}",
            fatal=True,
            retryable=True,
        )

    def _timed_out(self) -> Failure:
        # A server that does not answer in time will not answer the next request faster.
        return Failure(
            f"{self.name}: no answer from {self.where} within {self.timeout:g} s (timed out); "
            f"check the server or {self.setting_hint('URL')}, or use --engine tm"
            + (f"; {self.slow_advice}" if self.slow_advice else ""),
            fatal=True,
        )

    def _stopping(self) -> Failure:
        return Failure(stopped_reason(self.name), fatal=True)

    def _too_large(self) -> Failure:
        most = self.max_answer_bytes // (1024 * 1024)
        return Failure(
            f"{self.name}: the answer from {self.where} is larger than {most} MB; is it the "
            f"right server? check {self.setting_hint('URL')}",
            fatal=True,
        )

    def _redirected(self, status: int, location: str | None) -> Failure:
        target = mask_url(location) if location else "another address"
        return Failure(
            f"{self.name}: {self.where} answered HTTP {status}, a redirect to {target}; not "
            f"followed, so no text goes to an address not configured; set "
            f"{self.setting_hint('URL')} to the address that answers",
            fatal=True,
            http_status=status,
        )


def _headers_within(
    deadline: float, send: Callable[[], Any], stopped: threading.Event | None = None
) -> Any:
    """`send()` (a streamed request: it returns once the headers are in) if it returns before
    `deadline`, else TimeoutError. requests' timeouts apply per read, so a server dripping its
    status line and headers one byte at a time would never time out; the request runs in a
    thread of its own, and one given up on closes its response when the headers finally come."""
    outcome: dict[str, Any] = {}
    done = threading.Event()
    lock = threading.Lock()

    def run() -> None:
        try:
            response = send()
        except BaseException as exc:  # handed to the caller, who re-raises it
            outcome["error"] = exc
        else:
            with lock:
                if outcome.get("abandoned"):
                    response.close()
                    return
                outcome["response"] = response
        finally:
            done.set()

    threading.Thread(target=run, name="translate-flow-request", daemon=True).start()
    # In short steps, so that a stopped run (`stopped` set) gives up at once, not at the deadline.
    while not done.wait(max(0.0, min(0.1, deadline - time.monotonic()))):
        if time.monotonic() >= deadline or (stopped is not None and stopped.is_set()):
            break
    if not done.is_set():
        with lock:
            if "response" not in outcome and "error" not in outcome:
                outcome["abandoned"] = True
                raise TimeoutError("no headers before the deadline")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["response"]


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def connection_problem(exc: Exception) -> str:
    """What went wrong with a connection, in a few words: refused, host not found..."""
    # requests wraps urllib3 errors in several layers; their text is the stable part.
    message = str(exc).lower()
    for needle, problem in (
        ("refused", "connection refused"),
        ("name or service not known", "host name not found"),
        ("nodename nor servname", "host name not found"),
        ("failed to resolve", "host name not found"),
        ("temporary failure in name resolution", "host name not found"),
        ("network is unreachable", "network unreachable"),
        ("no route to host", "no route to host"),
        ("certificate", "TLS certificate not accepted"),
        ("reset by peer", "connection reset"),
        ("remote end closed", "connection closed without an answer"),
    ):
        if needle in message:
            return problem
    return type(exc).__name__


MASK = "***"
# user:password@ in a URL; key=, token=... in a query string or a form; Authorization values.
_URL_CREDENTIALS = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@]+@")
_SECRET_PARAMETERS = re.compile(
    r"(?i)\b((?:api[_-]?key|key|auth[_-]?key|access[_-]?token|token|secret|password|"
    r"subscription[_-]?key)=)[^&\s\"']+"
)
_AUTH_VALUES = re.compile(r"(?i)\b(Bearer|DeepL-Auth-Key|Basic)\s+[^\s\"',;)]+")
# Values shorter than this are not masked by value: "ab" would blank out half a message.
_SHORTEST_SECRET = 4


def mask_secrets(text: str, secrets: list[str] | tuple[str, ...] = ()) -> str:
    """`text` with the given secret values, URL credentials, key parameters and Authorization
    values replaced by ***."""
    from urllib.parse import quote, quote_plus

    for secret in sorted({s for s in secrets if s and len(s) >= _SHORTEST_SECRET}, key=len)[::-1]:
        for form in {secret, quote(secret, safe=""), quote_plus(secret)}:
            text = text.replace(form, MASK)
    text = _URL_CREDENTIALS.sub(lambda m: m.group(1) + MASK + "@", text)
    text = _SECRET_PARAMETERS.sub(lambda m: m.group(1) + MASK, text)
    return _AUTH_VALUES.sub(lambda m: m.group(1) + " " + MASK, text)


def mask_url(url: str | None) -> str:
    """A URL as it may be printed: credentials and key parameters replaced by ***."""
    if not url:
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return mask_secrets(url)
    netloc = parts.netloc
    if "@" in netloc:
        netloc = MASK + "@" + netloc.rsplit("@", 1)[1]
    query = _SECRET_PARAMETERS.sub(lambda m: m.group(1) + MASK, parts.query)
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
