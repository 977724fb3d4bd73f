"""Adapters over deep-translator: Google (public, no key) and a self-hosted LibreTranslate.

deep-translator knows each service's request and answer format; this module adds what it lacks:
a timeout on every request, a configurable server URL, one clear reason per failed segment, and
failing fast when the server cannot be reached at all.

How the timeout is imposed. deep-translator's translate() calls the module-level functions
`requests.get(...)` / `requests.post(...)` with no timeout, so a server that accepts the connection
and never answers blocks the desk forever. Patching `requests` or `deep_translator.google.requests`
would change every other user of those modules in the process and would race between threads.
Instead each translator object we create gets its own copy of its class's translate() function,
identical except that the global name `requests` in it refers to a `_Transport`: an object with
`get` and `post` that send through our own requests.Session with our timeout. Nothing global
changes; the copy lives and dies with the one translator made for one batch.
"""

from __future__ import annotations

import types
from abc import abstractmethod
from typing import Any

import requests

from translate_flow.mt.base import Engine, EngineError, MTResult, is_blank

DEFAULT_TIMEOUT = 10.0  # seconds to wait for an answer
CONNECT_TIMEOUT = 5.0  # seconds to wait for a connection, when the timeout is longer
GOOGLE_URL = "https://translate.google.com/m"


class _Transport:
    """Stands in for the `requests` module inside one deep-translator translate() copy."""

    def __init__(
        self, session: requests.Session, timeout: tuple[float, float], params_as_form: bool
    ) -> None:
        self.session = session
        self.timeout = timeout
        self.params_as_form = params_as_form
        # The last answer, so a failure that deep-translator reports without detail (it keeps
        # only the status code) can be told with the server's own message.
        self.last_response: requests.Response | None = None
        # The last network error, for adapters (Microsoft) that swallow it and fail later.
        self.last_error: requests.RequestException | None = None

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        return self._send("GET", url, kwargs)

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        if self.params_as_form and "params" in kwargs and not {"data", "json"} & kwargs.keys():
            # deep-translator's Libre adapter puts the text and the API key in the query string.
            # Sent as a form body instead (LibreTranslate reads both), long segments stay within
            # URL length limits and the key stays out of proxy and server access logs.
            kwargs["data"] = kwargs.pop("params")
        return self._send("POST", url, kwargs)

    def _send(self, method: str, url: str, kwargs: dict[str, Any]) -> requests.Response:
        kwargs.setdefault("timeout", self.timeout)
        self.last_response = None
        self.last_error = None
        try:
            self.last_response = self.session.request(method, url, **kwargs)
        except requests.RequestException as exc:
            self.last_error = exc
            raise
        return self.last_response

    def __getattr__(self, name: str) -> Any:
        # Anything else deep-translator may name through `requests` (requests.exceptions, ...).
        return getattr(requests, name)


def _send_through(translator: Any, transport: _Transport) -> None:
    """Make this translator object's translate() use `transport` wherever it says `requests`."""
    function = type(translator).translate
    if "requests" not in function.__code__.co_names:
        # A deep-translator release that no longer calls requests.get/post here would silently
        # lose our timeout; better one clear error than a desk waiting forever.
        raise EngineError(
            f"{type(translator).__name__}.translate no longer sends through `requests`, so "
            "translate-flow cannot impose its timeout; install the deep-translator version "
            "pinned in pyproject.toml"
        )
    scope = dict(function.__globals__)
    scope["requests"] = transport
    rebound = types.FunctionType(
        function.__code__, scope, function.__name__, function.__defaults__, function.__closure__
    )
    rebound.__kwdefaults__ = function.__kwdefaults__
    # Bound on the instance, so deep-translator's own recursive self.translate() calls use it too.
    translator.translate = types.MethodType(rebound, translator)


class _Failure(Exception):
    """One segment failed; `fatal` when every further request of the batch would fail alike,
    `retryable` when the same request may succeed later (see MTResult)."""

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


class DeepTranslatorEngine(Engine):
    """The request loop shared by the deep-translator adapters."""

    name = ""
    on_premises = False
    _params_as_form = False  # see _Transport.post
    _uses_key = False

    def __init__(self, url: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        if not url.startswith(("http://", "https://")):
            raise EngineError(
                f"{self.name}: server URL {url!r} must start with http:// or https://; "
                f"fix {self._setting_hint('URL')}"
            )
        if timeout <= 0:
            raise EngineError(
                f"{self.name}: timeout must be more than 0 seconds, not {timeout:g}; "
                f"fix {self._setting_hint('TIMEOUT')}"
            )
        self.url = url
        self.timeout = timeout

    @abstractmethod
    def _make_translator(self, source: str, target: str) -> Any:
        """A deep-translator object for this language pair."""

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[MTResult]:
        from deep_translator.exceptions import (
            InvalidSourceOrTargetLanguage,
            LanguageNotSupportedException,
        )

        try:
            translator = self._make_translator(source, target)
        except (LanguageNotSupportedException, InvalidSourceOrTargetLanguage):
            reason = f"{self.name}: cannot translate {source or '?'}→{target or '?'}"
            return [MTResult(text=None, error=reason, origin=self.name) for _ in texts]

        results: list[MTResult] = []
        fatal: _Failure | None = None
        with requests.Session() as session:
            timeouts = (min(CONNECT_TIMEOUT, self.timeout), self.timeout)
            transport = _Transport(session, timeouts, params_as_form=self._params_as_form)
            _send_through(translator, transport)
            for text in texts:
                if fatal is not None:
                    results.append(fatal.result(self.name))
                elif is_blank(text):
                    results.append(MTResult(text=text, origin=self.name))
                else:
                    try:
                        translated = self._translate_one(translator, transport, text)
                    except _Failure as failure:
                        if failure.fatal:
                            fatal = failure
                        results.append(failure.result(self.name))
                    else:
                        results.append(MTResult(text=translated, origin=self.name))
        return results

    def _translate_one(self, translator: Any, transport: _Transport, text: str) -> str:
        try:
            translated = translator.translate(text)
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise self._unreachable_failure(exc) from exc
        # deep-translator reports failures with its own exception classes (and lets KeyError or
        # a JSON error through on a malformed answer); the contract of translate_batch is one
        # reason per segment, never an exception, so every one of them is described here.
        except Exception as exc:
            if transport.last_error is not None:  # swallowed by the adapter, then it failed
                raise self._unreachable_failure(transport.last_error) from exc
            raise self._describe(exc, transport.last_response, text) from exc
        if isinstance(translated, list) and all(isinstance(part, str) for part in translated):
            translated = "".join(translated)  # Yandex answers {"text": ["..."]}
        if not isinstance(translated, str):
            raise _Failure(f"{self.name}: the answer from {self.url} held no translation")
        return translated

    def _unreachable_failure(self, exc: requests.RequestException) -> _Failure:
        # A server that answers nothing in time will not answer the next request faster: fatal,
        # not retried. A refused or dropped connection may be a restart: retried, then fatal.
        timed_out = isinstance(exc, requests.ReadTimeout) or (
            not isinstance(exc, requests.ConnectTimeout) and "timed out" in str(exc).lower()
        )
        return _Failure(self._unreachable(exc), fatal=True, retryable=not timed_out)

    def _unreachable(self, exc: requests.RequestException) -> str:
        advice = f"check the server or {self._setting_hint('URL')}, or use --engine tm"
        if isinstance(exc, requests.ConnectTimeout):
            connect = min(CONNECT_TIMEOUT, self.timeout)
            problem = f"no connection within {connect:g} s"
            return f"{self.name}: cannot reach {self.url} ({problem}); {advice}"
        if isinstance(exc, requests.Timeout) or "timed out" in str(exc).lower():
            return (
                f"{self.name}: no answer from {self.url} within {self.timeout:g} s (timed out); "
                f"{advice}"
            )
        return f"{self.name}: cannot reach {self.url} ({connection_problem(exc)}); {advice}"

    def _describe(self, exc: Exception, response: requests.Response | None, text: str) -> _Failure:
        from deep_translator.exceptions import NotValidLength, TranslationNotFound

        if response is not None and not 200 <= response.status_code < 300:
            return self._http_failure(response)
        if isinstance(exc, NotValidLength):
            limit = self.max_characters or 4999
            return _Failure(
                f"{self.name}: segment of {len(text)} characters is too long for this engine "
                f"(at most {limit}); split it"
            )
        if isinstance(exc, requests.JSONDecodeError):
            return _Failure(
                f"{self.name}: the answer from {self.url} is not JSON; is it the right server? "
                f"check {self._setting_hint('URL')}",
                fatal=True,
            )
        if isinstance(exc, TranslationNotFound | KeyError):
            return _Failure(f"{self.name}: the answer from {self.url} held no translation")
        return _Failure(f"{self.name}: {type(exc).__name__}: {exc}")

    def _http_failure(self, response: requests.Response) -> _Failure:
        status = response.status_code
        detail = _server_message(response)
        said = f"{self.url} answered HTTP {status}" + (f" ({detail})" if detail else "")
        if status in (401, 403):
            # Refused once, refused for every segment: stop asking.
            advice = (
                f"check {self._setting_hint('KEY')}" if self._uses_key else "use another engine"
            )
            return _Failure(f"{self.name}: {said}; {advice}", fatal=True, http_status=status)
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        if status == 429:
            return _Failure(
                f"{self.name}: {said}: too many requests; translate again later",
                retryable=True,
                http_status=status,
                retry_after=retry_after,
            )
        return _Failure(
            f"{self.name}: {said}",
            retryable=status >= 500,
            http_status=status,
            retry_after=retry_after,
        )

    def _setting_hint(self, setting: str) -> str:
        return f"TRANSLATE_FLOW_{self.name.upper()}_{setting}"


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
    import time

    return max(0.0, when.timestamp() - time.time())


def _server_message(response: requests.Response) -> str:
    """The error text a JSON API puts in its answer ({"error": "..."}), if any."""
    try:
        body = response.json()
    except ValueError:
        return ""
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        return body["error"].strip()
    return ""


def connection_problem(exc: requests.RequestException) -> str:
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


class GoogleEngine(DeepTranslatorEngine):
    """Google Translate's public mobile page, through deep_translator.GoogleTranslator."""

    name = "google"
    on_premises = False  # text goes to Google's servers
    max_characters = 4999  # deep-translator refuses 5,000 characters or more

    def output_settings(self) -> dict:
        return {"url": self.url}

    def __init__(self, url: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        super().__init__(url or GOOGLE_URL, timeout)

    def _make_translator(self, source: str, target: str) -> Any:
        from deep_translator import GoogleTranslator

        translator = GoogleTranslator(source=source, target=target)
        # GoogleTranslator hard-codes its URL and offers no way to pass another; tests and desks
        # behind a mirror set it here.
        translator._base_url = self.url
        return translator


class LibreEngine(DeepTranslatorEngine):
    """A self-hosted LibreTranslate server: one text through deep_translator.LibreTranslator,
    several in one request of our own (deep-translator sends one text per request)."""

    name = "libre"
    _params_as_form = True
    _uses_key = True
    # LibreTranslate takes `q` as an array (up to its --batch-limit, unlimited by default) but
    # translates the texts one after another, so a request's time grows with its characters:
    # 2,000 keep a batch within the timeout on a CPU-only server.
    max_batch_texts = 50
    max_batch_characters = 2000

    def __init__(
        self,
        url: str | None,
        key: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        on_premises: bool = False,
    ) -> None:
        if not url:
            raise EngineError(
                "libre: no server configured; "
                "set TRANSLATE_FLOW_LIBRE_URL or [engines.libre] url in the config file"
            )
        super().__init__(url.rstrip("/"), timeout)
        self.key = key or ""
        self.on_premises = on_premises

    def output_settings(self) -> dict:
        return {"url": self.url}

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[MTResult]:
        todo = [i for i, text in enumerate(texts) if not is_blank(text)]
        if len(todo) < 2:
            return super().translate_batch(texts, source, target)
        results = [MTResult(text=text, origin=self.name) for text in texts]
        answers = self._translate_together([texts[i] for i in todo], source, target)
        for i, answer in zip(todo, answers, strict=True):
            results[i] = answer
        return results

    def _translate_together(self, texts: list[str], source: str, target: str) -> list[MTResult]:
        """One POST /translate with `q` a JSON array, answered with `translatedText` an array.
        Only JSON carries an array, so the key travels in the body as in the form deep-translator
        sends (see _Transport.post)."""
        body: dict[str, Any] = {"q": texts, "source": source, "target": target, "format": "text"}
        if self.key:
            body["api_key"] = self.key
        timeouts = (min(CONNECT_TIMEOUT, self.timeout), self.timeout)
        try:
            response = requests.post(f"{self.url}/translate", json=body, timeout=timeouts)
        except (requests.ConnectionError, requests.Timeout) as exc:
            return self._all_failed(self._unreachable_failure(exc), texts)
        except requests.RequestException as exc:
            return self._all_failed(_Failure(f"{self.name}: {type(exc).__name__}: {exc}"), texts)
        if not 200 <= response.status_code < 300:
            return self._all_failed(self._http_failure(response), texts)
        try:
            translated = response.json()["translatedText"]
        except requests.JSONDecodeError as exc:
            return self._all_failed(self._describe(exc, response, ""), texts)
        except (KeyError, TypeError):
            translated = None
        if not (
            isinstance(translated, list)
            and len(translated) == len(texts)
            and all(isinstance(t, str) for t in translated)
        ):
            reason = (
                f"{self.name}: the answer from {self.url} did not hold one translation for each "
                f"of the {len(texts)} texts sent"
            )
            return self._all_failed(_Failure(reason), texts)
        return [MTResult(text=t, origin=self.name) for t in translated]

    def _all_failed(self, failure: _Failure, texts: list[str]) -> list[MTResult]:
        return [failure.result(self.name) for _ in texts]

    def _make_translator(self, source: str, target: str) -> Any:
        from deep_translator import LibreTranslator

        # LibreTranslator insists on a key (the public service needs one) and checks languages
        # against a list that lags behind LibreTranslate's models (it has no Belarusian). A
        # self-hosted server may need no key and knows best what it can translate, so we build
        # the object with placeholders and then set the real key and language pair.
        translator = LibreTranslator(
            source="auto", target="en", api_key="unused", custom_url=self.url + "/"
        )
        translator.api_key = self.key  # empty: no api_key field is sent
        translator.source = source
        translator.target = target
        return translator
