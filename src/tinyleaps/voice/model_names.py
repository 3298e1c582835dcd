"""How a model name is said: acronyms spelled ("GLM" -> "G.L.M."), sizes and
quantizations in words ("Qwen3-30B-A3B" -> "Qwen 3, 30 billion, A3B"), and which tokens
of a text are model ids at all (for the intelligibility check)."""

from __future__ import annotations

import re

#: a Reddit handle as the voice reads it ("@name", "u/name")
HANDLE = re.compile(r"(?<![\w/])(?:@|/?u/)([_-]{0,3}[A-Za-z0-9][A-Za-z0-9_-]{1,40})")

SPELLED = {
    "GGUF", "GGML", "GPT", "LLM", "LLMs", "GPU", "GPUs", "CPU", "CPUs", "API", "APIs", "AI",
    "UI", "OSS", "MOE", "MoE", "AWQ", "GPTQ", "TTS", "STT", "ASR", "NPU", "TPU", "MLX",
    "RTX", "GTX", "AMD", "PC", "CLI", "SSD", "NVMe", "MCP", "QAT", "KV", "VL", "TL;DR",
    "SFT", "RL", "RLHF", "DPO", "OCR", "PR", "LM", "HF", "OP", "IMO", "FP", "BF", "MI",
}


SAID_AS = {
    "vLLM": "V.L.L.M.", "VRAM": "V RAM", "LoRA": "Laura", "QLoRA": "Q Laura",
    "SOTA": "sota", "RAG": "rag", "ROCm": "rock M", "CUDA": "CUDA", "tok/s": "tokens per second",
    "t/s": "tokens per second", "tk/s": "tokens per second", "tokens/s": "tokens per second",
    "tps": "tokens per second", "TPS": "tokens per second", "tok/sec": "tokens per second",
    "t/sec": "tokens per second", "tokens/sec": "tokens per second",
    "it/s": "iterations per second", "w/": "with", "w/o": "without",
    "e.g.": "for example", "i.e.": "that is", "etc.": "et cetera", "vs.": "versus",
    "vs": "versus", "&": "and", "~": "about", "≈": "about", "->": "to", "→": "to",
    "C++": "C plus plus", "IMHO": "in my humble opinion", "FYI": "for your information",
    "MoE's": "M.O.E.'s", "ik_llama.cpp": "I.K. lahma C.P.P.", "exllamav2": "ex lahma v2",
    "exllamav3": "ex lahma v3", "EXL2": "E.X.L. 2", "EXL3": "E.X.L. 3", "LLaMA": "lahma",
    "LocalLLaMA": "Local Lahma", "localllama": "Local Lahma", "LocalLlama": "Local Lahma",
    # Piper's joe reads "llama" as "yama"/"wami"; "lahma" is said right by both voices
    "llama": "lahma", "Llama": "Lahma", "LLAMA": "Lahma", "llama.cpp": "lahma C.P.P.",
    # "Qwen" is read "Q wen" by both bundled engines; people say "kwen" (or "chwen")
    "Qwen": "Kwen", "QwQ": "Kwen Q", "HuggingFace": "Hugging Face", "huggingface": "Hugging Face",
    "DeepSeek": "Deep Seek", "upvoted": "up voted", "upvotes": "up votes", "upvote": "up vote",
    "Upvoted": "Up voted", "downvoted": "down voted",
    # the default host: "Eliza" comes out of the heart voice as "Elisa"
    "Eliza": "Elyza",
}


SIZE_WORDS = {"b": "billion", "m": "million", "t": "trillion", "k": "thousand"}


def spell(word: str) -> str:
    """``GGUF`` -> ``G.G.U.F.``; digits stay apart (``EXL2`` -> ``E.X.L. 2``).

    Dotted initials make both bundled engines say the letters as one stressed word;
    ``A I`` with spaces would be read as the article "a" plus "I"."""
    if re.fullmatch(r"[A-Z]{2,}s", word):  # LLMs, GPUs: engines say plurals right
        return word
    pieces = re.findall(r"\d+|[A-Za-z]+", word)
    return " ".join(p if p.isdigit() else "".join(c + "." for c in p.upper()) for p in pieces)


def speak_quant(m: re.Match[str]) -> str:
    """``Q4_K_M`` -> ``Q4 K.M.``; ``Q8_0`` -> ``Q8 zero``; ``IQ4_XS`` -> ``I Q4 X.S.``."""
    head, parts = m.group(1), m.group(2).strip("_").split("_")
    head = "I Q" + head[2:] if head.upper().startswith("IQ") else head.upper()
    spoken: list[str] = []
    for part in [p for p in parts if p]:
        if part.isalpha() and spoken and spoken[-1].endswith("."):  # K_M -> K.M.
            spoken[-1] += spell(part)
        else:
            spoken.append({"0": "zero", "1": "one"}.get(part) or spell(part))
    return " ".join([head, *spoken])


def _size_word(part: str) -> str | None:
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([BbMmTt])", part)
    if m:
        return f"{m.group(1)} {SIZE_WORDS[m.group(2).lower()]}"
    m = re.fullmatch(r"(\d+)[kK]", part)
    return f"{m.group(1)} K context" if m else None


def _alnum(part: str) -> str:
    """One piece of a model name: ``Qwen3`` -> ``Qwen 3``, ``30B`` -> ``30 billion``."""
    if part in SAID_AS:
        return SAID_AS[part]
    if part in SPELLED or part.upper() in SPELLED:
        return spell(part)
    if re.fullmatch(r"v\d+(?:\.\d+)*", part):
        return "version " + part[1:]
    if re.fullmatch(r"\d+(?:\.\d+)*", part):
        return part
    if re.fullmatch(r"[A-Z]{1,3}\d+[A-Za-z]?", part):  # A3B, R1, K2: engines say these well
        return part
    return re.sub(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])", " ", part)


def speak_model_name(token: str) -> str:
    """``Qwen3-30B-A3B`` -> ``Qwen 3, 30 billion, A3B``; ``Yi-34B-200k`` ->
    ``Yi 34 billion, 200 K context``; a comma (a short pause) only between two parts
    that both carry digits, so ``Qwen3-Coder`` stays ``Qwen 3 Coder``."""
    out: list[str] = []
    prev_digit = False
    for part in [p for p in token.split("-") if p]:
        spoken = _size_word(part) or _alnum(part)
        digit = bool(re.search(r"\d", part))
        sep = ", " if prev_digit and digit else " "
        out.append((sep if out else "") + spoken)
        prev_digit = digit
    return "".join(out)


_MODEL = re.compile(r"(?<![\w/.])([A-Za-z][\w.]*(?:-[\w.]*\w)+)(?![\w-])")


def speak_model_names(text: str) -> str:
    # Hugging Face repo ids ("openai/gpt-oss-20b"): say the model, not the owner
    text = re.sub(r"(?<![\w/.])[\w.-]+/([A-Za-z][\w.]*-[\w.-]*\d[\w.-]*)", r"\1", text)
    def repl(m: re.Match[str]) -> str:
        tok = m.group(1)
        return speak_model_name(tok) if re.search(r"\d", tok) else tok.replace("-", " ")

    return _MODEL.sub(repl, text)


#: model families and the formats their quants come in: names a listener must catch
MODEL_NAMES = frozenset("""
qwen qwq llama lahma gemma mistral mixtral devstral magistral kimi deepseek phi glm claude
gpt gemini grok nemotron hunyuan ernie granite falcon yi olmo smollm minimax hermes
gguf ggml awq gptq exl2 exl3 mlx ollama vllm llama.cpp exllama exllamav2 exllamav3
""".split())


_TOKEN_EDGE = re.compile(r"^[^\w@/]+|[^\w]+$")


_NOT_AN_ID = re.compile(r"^\d+(?:[.,]\d+)*(?:st|nd|rd|th|s|x|%|k|gb|mb|tb|pm|am|m|h)?$", re.I)


def name_tokens(text: str) -> list[str]:
    """The names and model ids written in ``text``, in order: ``@handles`` and
    ``u/handles``, ids mixing letters and digits (``Qwen3-Coder-480B``, ``Q4_K_M``,
    ``32B``), words with inner capitals (``OpenRouter``, ``MegaTTS``) and the model
    families and quant formats of :data:`MODEL_NAMES`. Plain numbers, ordinals and
    units (``22nd``, ``10x``, ``24GB``) are not names."""
    out: list[str] = []
    for raw in text.split():
        tok = _TOKEN_EDGE.sub("", raw.replace("’s", "").replace("'s", ""))
        if not tok:
            continue
        if HANDLE.fullmatch(tok) or tok.lower() in MODEL_NAMES:
            out.append(tok)
        elif re.search(r"\d", tok) and re.search(r"[A-Za-z]", tok) and not _NOT_AN_ID.match(tok):
            out.append(tok)
        elif re.search(r"[a-z][A-Z]|[A-Z]{2}[a-z]", tok):
            out.append(tok)
    return out
