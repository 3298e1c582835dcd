"""The voice stage: script turns in, each host's speech out.

:mod:`.speech_text` turns written text into what an engine should say (numbers, model
names, a lexicon); :mod:`.synth` voices every turn through the host's TTS backend
(:mod:`.tts_backends`, behind the :class:`~.base.TTSBackend` interface) with a disk
cache; :mod:`.backchannels` adds the listening host's "right" and "yeah". The audio stage
(:mod:`tinyleaps.audio`) mixes and masters what this stage says."""
