"""Any OpenAI-compatible chat endpoint: Ollama, llama.cpp server, vLLM, LM Studio,
KoboldCpp, OpenAI. ``--llm-url http://host:port/v1 --llm-model NAME``; the key (if any)
comes from ``$TINYLEAPS_LLM_API_KEY`` or ``$OPENAI_API_KEY``."""

from __future__ import annotations

import os
import time
from typing import Any

import httpx

from ...errors import BackendError, BackendUnavailable
from .base import ChatBackend, ChatResult, Message
from .options import LLMOptions

RETRIES = 3
BACKOFF = 0.5


def response_format(schema: dict[str, Any]) -> dict[str, Any]:
    """The OpenAI ``response_format`` asking for JSON that matches ``schema``."""
    spec = {"name": "segment", "strict": True, "schema": schema}
    return {"type": "json_schema", "json_schema": spec}


def result_from_response(data: dict[str, Any], seconds: float, where: str) -> ChatResult:
    """A ChatResult from an OpenAI chat-completion response body."""
    try:
        message = data["choices"][0]["message"]
    except (KeyError, IndexError, TypeError) as exc:
        raise BackendError(f"{where}: reply has no choices[0].message") from exc
    text = message.get("content") or ""
    usage = data.get("usage") or {}
    details = usage.get("prompt_tokens_details") or {}
    timings = data.get("timings") or {}  # llama.cpp's own (its server adds them)
    cached = timings.get("cache_n", details.get("cached_tokens"))
    return ChatResult(
        text=str(text),
        prompt_tokens=int(usage.get("prompt_tokens") or 0),
        completion_tokens=int(usage.get("completion_tokens") or 0),
        seconds=seconds,
        cached_tokens=int(cached or 0),
        prompt_ms=float(timings.get("prompt_ms") or 0.0),
        generate_ms=float(timings.get("predicted_ms") or 0.0),
    )


def normalize_base_url(url: str) -> str:
    """``http://host:8080`` → ``http://host:8080/v1``; a given path is kept."""
    parsed = httpx.URL(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise BackendUnavailable(f"--llm-url {url!r}: not an http(s) URL like http://127.0.0.1:8080/v1")
    path = parsed.path.rstrip("/")
    if path.endswith("/chat/completions"):
        path = path[: -len("/chat/completions")]
    return str(parsed.copy_with(path=path or "/v1")).rstrip("/")


class OpenAIBackend(ChatBackend):
    id = "openai"
    description = "any OpenAI-compatible /v1/chat/completions server"
    needs_key = False
    key_env = ("TINYLEAPS_LLM_API_KEY", "OPENAI_API_KEY")

    def __init__(self, options: LLMOptions, transport: httpx.BaseTransport | None = None) -> None:
        super().__init__(options)
        if not options.url:
            raise BackendUnavailable("openai backend: give the server with --llm-url http://host:port/v1")
        self.base_url = normalize_base_url(options.url)
        env_keys = (os.environ[k] for k in self.key_env if os.environ.get(k))
        key = options.server.api_key or next(env_keys, None)
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        self.client = httpx.Client(
            base_url=self.base_url + "/",
            headers=headers,
            timeout=httpx.Timeout(options.server.timeout, connect=5.0),
            transport=transport,
        )
        self.model: str | None = options.model
        self.schema_supported = True
        self._checked = False

    @classmethod
    def available(cls, options: LLMOptions) -> bool:
        if not options.url:
            return False
        try:
            backend = cls(options)
            try:
                backend.check()
            finally:
                backend.close()
        except BackendUnavailable:
            return False
        return True

    def check(self) -> str:
        """Ask ``/models``; return the model to use. BackendUnavailable when the server is
        down or does not serve the requested model."""
        try:
            data = self._request("GET", "models", None, retries=1).json()
        except _Rejected as exc:
            raise exc.as_error() from None
        except ValueError as exc:
            raise BackendUnavailable(f"{self.base_url}/models: not a JSON model list") from exc
        ids = [str(m.get("id")) for m in data.get("data", []) if isinstance(m, dict)]
        if self.model is None:
            if not ids:
                raise BackendUnavailable(f"{self.base_url}/models: the server lists no model")
            self.model = ids[0]
        elif ids and not _model_listed(self.model, ids):
            raise BackendUnavailable(
                f"{self.base_url}: model {self.model!r} is not served "
                f"(available: {', '.join(ids[:8])})"
            )
        self._checked = True
        return self.model

    def chat(
        self,
        messages: list[Message],
        *,
        json_schema: dict[str, Any] | None = None,
        max_tokens: int = 512,
        temperature: float = 0.7,
        seed: int = 0,
    ) -> ChatResult:
        if not self._checked:
            self.check()
        body: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "max_tokens": max_tokens,
            "temperature": temperature,
            "seed": seed,
            "stream": False,
        }
        if json_schema is not None and self.schema_supported:
            body["response_format"] = response_format(json_schema)
        start = time.monotonic()
        resp = self._post_chat(body)
        try:
            data = resp.json()
        except ValueError as exc:
            raise BackendError(f"{self.base_url}/chat/completions: reply is not JSON") from exc
        return result_from_response(data, time.monotonic() - start, self.base_url)

    def _post_chat(self, body: dict[str, Any]) -> httpx.Response:
        try:
            return self._request("POST", "chat/completions", body)
        except _Rejected as exc:
            if "response_format" in body and _mentions_format(exc.text):
                self.schema_supported = False  # e.g. an older server: parse tolerantly instead
                body = {k: v for k, v in body.items() if k != "response_format"}
                return self._request("POST", "chat/completions", body)
            raise exc.as_error() from None

    def _request(
        self, method: str, path: str, body: dict[str, Any] | None, retries: int = RETRIES
    ) -> httpx.Response:
        url = f"{self.base_url}/{path}"
        for attempt in range(retries):
            last = attempt == retries - 1
            try:
                resp = self.client.request(method, path, json=body)
            except httpx.ReadTimeout as exc:  # the server is slow, not down: a retry
                timeout = self.options.server.timeout  # would only start the generation again
                raise BackendError(f"{url}: no reply within {timeout:.0f} s") from exc
            except httpx.TimeoutException as exc:
                if last:
                    timeout = self.options.server.timeout
                    raise BackendError(f"{url}: timed out after {timeout:.0f} s") from exc
            except httpx.TransportError as exc:
                if last:
                    raise BackendUnavailable(f"{url}: LLM server not reachable ({exc})") from exc
            else:
                if resp.status_code < 400:
                    return resp
                if resp.status_code < 500 or last:
                    raise _Rejected(url, resp, self.model)
            time.sleep(BACKOFF * 2**attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def describe(self) -> dict[str, Any]:
        return {"backend": self.id, "model": self.model, "url": self.base_url,
                "json_schema": self.schema_supported}

    def close(self) -> None:
        self.client.close()


class _Rejected(Exception):
    """An HTTP error status, turned into our error classes by ``as_error``."""

    def __init__(self, url: str, resp: httpx.Response, model: str | None) -> None:
        self.url, self.status, self.model = url, resp.status_code, model
        self.text = resp.text[:300]
        super().__init__(f"{url}: HTTP {self.status}")

    def as_error(self) -> BackendError:
        detail = " ".join(self.text.split())[:200]
        if self.status in (401, 403):
            return BackendUnavailable(
                f"{self.url}: HTTP {self.status}, check TINYLEAPS_LLM_API_KEY"
            )
        if self.status == 404:
            return BackendUnavailable(
                f"{self.url}: HTTP 404 (model {self.model!r} unknown?) {detail}"
            )
        return BackendError(f"{self.url}: HTTP {self.status}: {detail}")


def _mentions_format(text: str) -> bool:
    low = text.lower()
    return any(w in low for w in ("response_format", "json_schema", "grammar"))


def _model_listed(model: str, ids: list[str]) -> bool:
    """llama.cpp lists the model file path; Ollama adds ``:latest``."""
    names = {model, model.split("/")[-1], model.removesuffix(":latest")}
    return any(i in names or i.split("/")[-1] in names or i.removesuffix(":latest") in names
               for i in ids)
