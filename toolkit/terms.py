"""Words per outlet: counts and rates, TF-IDF, collocations and keyword-in-context lines.

Every function takes the corpus (``doc_id, outlet, text, status``) and returns a tidy table sorted
by its key columns. Word tokens come from ``toolkit.segment.tokenize`` (passed to scikit-learn as
its ``tokenizer=`` hook); "content" tokens drop the stop words of ``toolkit.segment.STOP_WORDS``.
Functions that count words accept ``voice`` (``"narrator"``/``"quoted"``) and/or a ``sentences``
table to count only the words of those sentences, so journalists' words and sources' words can be
compared separately.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from itertools import pairwise

import numpy as np
import pandas as pd
from nltk.collocations import BigramAssocMeasures
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from toolkit.segment import STOP_WORDS, tokenize, word_spans

TERM_COLUMNS = ["outlet", "term", "count", "per_1000", "n_docs"]
KWIC_COLUMNS = ["doc_id", "outlet", "start", "end", "left", "match", "right"]
_MEASURES = {"pmi": BigramAssocMeasures.pmi, "likelihood_ratio": BigramAssocMeasures.likelihood_ratio}
_HAS_LETTER = re.compile(r"[^\W\d_]")


def content_tokens(text: str) -> list[str]:
    """Word tokens of ``text`` without stop words and bare numbers: the unit every count uses."""
    return _content(tokenize(text))


def _content(tokens: list[str]) -> list[str]:
    """The content tokens among already tokenised words (see ``content_tokens``)."""
    return [t for t in tokens if t not in STOP_WORDS and _HAS_LETTER.search(t)]


def _pretokenised(tokens: list[str]) -> list[str]:
    """scikit-learn ``tokenizer=`` hook for documents given as token lists."""
    return tokens


def loaded(corpus: pd.DataFrame) -> pd.DataFrame:
    """The corpus rows that were loaded and have text (rejected inputs carry no text to count)."""
    docs = corpus
    if "status" in docs.columns:
        docs = docs[docs["status"] == "loaded"]
    return docs.dropna(subset=["text"])


def units(corpus: pd.DataFrame, *, voice: str | None = None, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """The texts to count: whole articles, or the sentences of ``sentences`` restricted to ``voice``.

    Returns ``doc_id, outlet, start, text`` (``start``: offset of the piece in the article, 0 for a
    whole article); when ``voice`` is given without ``sentences`` the sentence table is built with
    ``toolkit.segment.sentences`` (voice from its quote detection).
    """
    if voice not in (None, "narrator", "quoted"):
        raise ValueError(f"voice must be None, 'narrator' or 'quoted', not {voice!r}")
    if sentences is None and voice is None:
        return loaded(corpus)[["doc_id", "outlet", "text"]].assign(start=0)[["doc_id", "outlet", "start", "text"]]
    if sentences is None:
        from toolkit.segment import sentences as sentence_table

        sentences = sentence_table(loaded(corpus))
    if voice is not None:
        sentences = sentences[sentences["voice"] == voice]
    return sentences[["doc_id", "outlet", "start", "text"]]


def _doc_matrix(keys: pd.DataFrame, pieces_tokens: list[list[str]], *, ngram_range: tuple[int, int]):
    """Document-term count matrix (one row per document) over content tokens, and its vocabulary.

    ``keys`` (``doc_id, outlet``) and ``pieces_tokens`` (content tokens) describe the text pieces
    in the same order. Each piece (an article, or a sentence) is vectorised on its own, so n-grams
    never join two pieces, and the pieces' rows are then summed per document.
    """
    docs = keys.drop_duplicates().sort_values(["doc_id", "outlet"], kind="stable").reset_index(drop=True)
    vectorizer = CountVectorizer(tokenizer=_pretokenised, lowercase=False, token_pattern=None,
                                 ngram_range=ngram_range)
    try:
        pieces = vectorizer.fit_transform(pieces_tokens)
    except ValueError:  # empty vocabulary: nothing to count
        return docs, None, np.array([], dtype=object)
    row_of = {key: i for i, key in enumerate(zip(docs["doc_id"], docs["outlet"], strict=True))}
    rows = [row_of[key] for key in zip(keys["doc_id"], keys["outlet"], strict=True)]
    group = sparse.csr_matrix((np.ones(len(rows)), (rows, np.arange(len(rows)))), shape=(len(docs), len(rows)))
    return docs, (group @ pieces).tocsr(), vectorizer.get_feature_names_out()


def term_counts(
    corpus: pd.DataFrame,
    *,
    ngram_range: tuple[int, int] = (1, 1),
    voice: str | None = None,
    sentences: pd.DataFrame | None = None,
    min_count: int = 1,
) -> pd.DataFrame:
    """Term counts per outlet: ``outlet, term, count, per_1000, n_docs``.

    Terms are content tokens (stop words and bare numbers removed); n-grams are built over the
    content tokens in order, scikit-learn's behaviour with a stop list, so "security guarantees
    for Ukraine" yields "security guarantees ukraine" for n=3; they run across sentence ends within
    an article unless a ``sentences`` table (or ``voice``) makes each sentence its own text.
    ``per_1000`` is the rate per 1,000 word tokens of the outlet (all words of the counted text,
    stop words included), so rates compare with published word frequencies. ``n_docs`` is the
    number of the outlet's articles using the term; rows with ``count < min_count`` are dropped.
    """
    texts = units(corpus, voice=voice, sentences=sentences)
    tokens = [tokenize(t) for t in texts["text"]]  # once: the content tokens and the word totals
    docs, matrix, vocab = _doc_matrix(texts[["doc_id", "outlet"]], [_content(t) for t in tokens],
                                      ngram_range=ngram_range)
    if matrix is None or not len(docs):
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in
                             zip(TERM_COLUMNS, [object, object, "int64", "float64", "int64"], strict=True)})
    words = texts.assign(n=[len(t) for t in tokens]).groupby("outlet")["n"].sum()
    rows = []
    for outlet, idx in docs.groupby("outlet", sort=True).indices.items():
        sub = matrix[idx]
        counts = np.asarray(sub.sum(axis=0)).ravel()
        n_docs = np.asarray((sub > 0).sum(axis=0)).ravel()
        keep = np.flatnonzero(counts >= max(min_count, 1))
        rows.append(pd.DataFrame({
            "outlet": outlet,
            "term": vocab[keep],
            "count": counts[keep].astype("int64"),
            "per_1000": counts[keep] * 1000.0 / max(int(words[outlet]), 1),
            "n_docs": n_docs[keep].astype("int64"),
        }))
    table = pd.concat(rows, ignore_index=True)
    return table.sort_values(["outlet", "term"], kind="stable").reset_index(drop=True)[TERM_COLUMNS]


def tfidf(
    corpus: pd.DataFrame,
    *,
    by: str = "doc_id",
    top_n: int = 20,
    voice: str | None = None,
    sentences: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The ``top_n`` terms of each article (``by="doc_id"``) or outlet (``by="outlet"``) by TF-IDF.

    Outlet mode concatenates each outlet's articles into one document, so IDF is over outlets: a
    term every outlet uses scores low, a term one outlet alone uses scores high. Vectors are
    L2-normalised (scikit-learn defaults, smooth IDF); ``voice``/``sentences`` as in
    ``term_counts``. Returns ``[doc_id,] outlet, term, tfidf,
    rank`` with rank 1 the highest (ties broken alphabetically).
    """
    if by not in ("doc_id", "outlet"):
        raise ValueError(f"by must be 'doc_id' or 'outlet', not {by!r}")
    keys = ["doc_id", "outlet"] if by == "doc_id" else ["outlet"]
    texts = units(corpus, voice=voice, sentences=sentences)
    docs = texts.groupby(keys, sort=True)["text"].agg("\n".join).reset_index()
    columns = keys + ["term", "tfidf", "rank"]
    vectorizer = TfidfVectorizer(tokenizer=content_tokens, lowercase=False, token_pattern=None)
    try:
        matrix = vectorizer.fit_transform(docs["text"]).tocsr()
    except ValueError:
        return pd.DataFrame(columns=columns)
    vocab = vectorizer.get_feature_names_out()
    rows = []
    for i, key in enumerate(docs[keys].itertuples(index=False)):
        row = matrix.getrow(i)
        order = sorted(zip(-row.data, vocab[row.indices], strict=True))[:top_n]
        for rank, (score, term) in enumerate(order, start=1):
            rows.append((*key, term, -score, rank))
    return pd.DataFrame(rows, columns=columns)


def collocations(
    corpus: pd.DataFrame,
    *,
    by: str = "outlet",
    n: int = 20,
    measure: str = "pmi",
    min_freq: int = 2,
    voice: str | None = None,
    sentences: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The ``n`` strongest bigram collocations per outlet (or article): ``outlet, bigram, score, count``.

    Bigrams are adjacent word tokens within one article (never across articles), kept only when
    both words are content words and the pair occurs at least ``min_freq`` times; scored with
    NLTK's ``BigramAssocMeasures`` (``"pmi"`` or ``"likelihood_ratio"``), which need no data,
    exactly as NLTK's ``BigramCollocationFinder`` would (counted here with ``Counter``, faster).
    With ``voice``/``sentences`` (as in ``term_counts``) bigrams stay within a sentence.
    """
    if measure not in _MEASURES:
        raise ValueError(f"measure must be one of {sorted(_MEASURES)}, not {measure!r}")
    if by not in ("doc_id", "outlet"):
        raise ValueError(f"by must be 'doc_id' or 'outlet', not {by!r}")
    keys = ["doc_id", "outlet"] if by == "doc_id" else ["outlet"]
    score = _MEASURES[measure]
    rows = []
    for key, group in units(corpus, voice=voice, sentences=sentences).groupby(keys, sort=True):
        words, pairs = _bigram_counts(tokenize(t) for t in group["text"].tolist())
        total, content = sum(words.values()), set(_content(list(words)))
        # NLTK's BigramCollocationFinder scores a bigram as score(count / 1.0, (n_w1, n_w2), N)
        scored = sorted((-score(count / 1.0, (words[w1], words[w2]), total), f"{w1} {w2}", (w1, w2))
                        for (w1, w2), count in pairs.items()
                        if count >= min_freq and w1 in content and w2 in content)[:n]
        rows.extend((*key, name, -neg, pairs[bg]) for neg, name, bg in scored)
    return pd.DataFrame(rows, columns=keys + ["bigram", "score", "count"])


def _bigram_counts(texts_tokens: Iterable[list[str]]) -> tuple[Counter, Counter]:
    """Word counts and adjacent-pair counts within each text, as NLTK's
    ``BigramCollocationFinder.from_documents`` counts them, with ``Counter``'s C loop."""
    words: Counter = Counter()
    pairs: Counter = Counter()
    for tokens in texts_tokens:
        words.update(tokens)
        pairs.update(pairwise(tokens))
    return words, pairs


def _pattern_regexes(pattern: str) -> list[re.Pattern]:
    """One full-match regex per word of a KWIC pattern; ``*`` matches any run of characters.

    Pattern words are normalised like tokens (lower case, straight apostrophe, possessive ’s
    dropped), so ``"russia's"`` finds "Russia’s" (and "Russia").
    """
    words = [re.sub(r"(?<=.)'s$", "", w) for w in pattern.lower().replace("’", "'").split()]
    if not words:
        raise ValueError("empty KWIC pattern")
    return [re.compile(".*".join(re.escape(part) for part in word.split("*"))) for word in words]


def _kwic_rows(text: str, regexes: list[re.Pattern], window: int) -> Iterable[tuple[int, int, str, str, str]]:
    spans = word_spans(text)
    words = [text[s:e].lower().replace("’", "'") for s, e in spans]
    k = len(regexes)
    for i in range(len(spans) - k + 1):
        if all(rx.fullmatch(words[i + j]) for j, rx in enumerate(regexes)):
            start, end = spans[i][0], spans[i + k - 1][1]
            left_start = spans[max(i - window, 0)][0]
            right_end = spans[min(i + k - 1 + window, len(spans) - 1)][1]
            yield (start, end, " ".join(text[left_start:start].split()), text[start:end],
                   " ".join(text[end:right_end].split()))


def kwic(
    corpus: pd.DataFrame | str,
    pattern: str,
    *,
    window: int = 8,
    voice: str | None = None,
    sentences: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Keyword in context: every match of ``pattern`` with ``window`` words either side.

    ``pattern`` is a word or phrase matched word by word, case-insensitively, with ``*`` as a
    wildcard (``"security guarantee*"``). ``start``/``end`` are character offsets of the match in
    the article's cleaned ``text`` (``text[start:end] == match``); ``left``/``right`` have their
    white space collapsed. A plain string gives rows with ``doc_id``/``outlet`` None. With
    ``voice``/``sentences`` (as in ``term_counts``) only those sentences are searched and the
    context stops at the sentence edge; offsets still index the article.
    """
    regexes = _pattern_regexes(pattern)
    if isinstance(corpus, str):
        pieces = [(None, None, 0, corpus)]
    else:
        texts = units(corpus, voice=voice, sentences=sentences)
        pieces = texts.sort_values(["doc_id", "start"], kind="stable").itertuples(index=False)
    rows = [
        (doc_id, outlet, offset + start, offset + end, *context)
        for doc_id, outlet, offset, text in pieces
        for start, end, *context in _kwic_rows(text, regexes, window)
    ]
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)
