"""Text: what every stage needs to read source text and say it aloud.

Below sources, planning, writing and voice, depending on none of them; the word lists
are data files beside the code (as whisper's ``normalizers/`` keeps its own):

* :mod:`.clean`: links, markdown links, emoji, tags and "Edit:" afterthoughts out;
* :mod:`.markdown`: Reddit-flavoured markdown (tables, code, lists) to speakable text;
* :mod:`.sentences`: every sentence splitter, from the plainest to the most careful;
* :mod:`.words`: tokens, stems, overlaps, and the word lists of ``wordlists.toml``;
* :mod:`.names`: model, product and company names and their transcriber misspellings
  (``names.toml``), placeholder speaker labels;
* :mod:`.vectors`: TF-IDF vectors and cosine similarity.
"""
