"""Words per outlet: counts and rates, TF-IDF, collocations and keyword-in-context lines.

Every function takes the corpus (``doc_id, outlet, text, status``) and returns a tidy table sorted
by its key columns. Word tokens are those of ``toolkit.segment.tokenize``; "content" tokens drop
the stop words of ``toolkit.segment.STOP_WORDS``. Count and TF-IDF matrices are scikit-learn's
(``count_matrix``, ``tfidf_matrix``: the same numbers, without importing it).
Functions that count words accept ``voice`` (``"narrator"``/``"quoted"``) and/or a ``sentences``
table to count only the words of those sentences, so journalists' words and sources' words can be
compared separately. ``corpus_tokens`` tokenises a corpus once for the statistics that share it.
"""

from __future__ import annotations

import hashlib
import math
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from toolkit.segment import STOP_WORDS, WORD, _token, tokenize, word_spans

if TYPE_CHECKING:
    from scipy import sparse

TERM_COLUMNS = ["outlet", "term", "count", "per_1000", "n_docs"]
KWIC_COLUMNS = ["doc_id", "outlet", "start", "end", "left", "match", "right"]
_SMALL = 1e-20  # NLTK's guard against dividing by, or taking the logarithm of, zero
_HAS_LETTER = re.compile(r"[^\W\d_]")


def content_tokens(text: str) -> list[str]:
    """Word tokens of ``text`` without stop words and bare numbers: the unit every count uses."""
    return _content(tokenize(text))


def _content(tokens: list[str]) -> list[str]:
    """The content tokens among already tokenised words (see ``content_tokens``)."""
    return [t for t in tokens if t not in STOP_WORDS and _HAS_LETTER.search(t)]


@dataclass(frozen=True)
class Tokens:
    """The word tokens of a list of texts, each text tokenised once: ``vocab[j] for j in ids[i]`` is
    ``tokenize(texts[i])``, at 4 bytes a token.

    Several statistics of one corpus share it (see ``corpus_tokens``) instead of tokenising every
    text again; ``content[j]`` tells whether ``vocab[j]`` is a content token (``content_tokens``).
    """

    vocab: np.ndarray  # distinct tokens (object array), first seen first
    content: np.ndarray  # bool per vocab entry
    ids: list[np.ndarray]  # int32 token ids per text

    def __len__(self) -> int:
        return len(self.ids)

    def content_ids(self, positions) -> np.ndarray:
        """The ids of the content tokens of the texts at ``positions``, one text after another."""
        ids = np.concatenate([self.ids[p] for p in positions]) if len(positions) else np.empty(0, dtype=np.int32)
        return ids[self.content[ids]]

    def content_words(self, positions) -> list[str]:
        """The content tokens of the texts at ``positions``, one text after another."""
        return self.vocab[self.content_ids(positions)].tolist()


@dataclass(frozen=True)
class TokenPieces:
    """Texts given as token ids into ``vocab`` (one distinct string per id): what ``count_matrix``
    counts like the token lists ``[vocab[j] for j in ids[i]]``, without making those strings."""

    ids: list[np.ndarray]
    vocab: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self):
        """The texts as token lists (what scikit-learn's vectorisers take)."""
        return (self.vocab[ids].tolist() for ids in self.ids)


class _TokenIds(dict):
    """Raw ``WORD`` match -> token id, normalising each distinct match once (``_token``); ``tokens``
    lists the tokens by id."""

    def __init__(self):
        super().__init__()
        self.reset()

    def reset(self) -> None:
        self.clear()
        self.ids: dict[str, int] = {}
        self.tokens: list[str] = []

    def __missing__(self, word: str) -> int:
        token = _token(word)
        value = self.ids.get(token)
        if value is None:
            value = self.ids[token] = len(self.tokens)
            self.tokens.append(token)
        self[word] = value
        return value


# Each document is tokenised once per process, at load (its word count) and again by the term
# counts of its chunk and the corpus statistics: the token ids of the latest texts are kept (by
# digest of the text, in this process's numbering), bounded so that a long stream keeps flat memory.
_WORD_IDS = _TokenIds()
_TEXT_IDS: dict[bytes, np.ndarray] = {}
_NUMBERING = threading.Lock()  # threads (a threaded Dask worker) share the numbering
_MAX_TEXTS = 16_384
_MAX_WORDS = 500_000


def _numbering_checked() -> None:
    """Start the word numbering afresh when it has grown too big (between calls, never inside one:
    every text of a call is numbered alike); the kept ids belong to the old numbering and go."""
    if len(_WORD_IDS) > _MAX_WORDS:
        _WORD_IDS.reset()
        _TEXT_IDS.clear()


def _text_ids(text: str) -> np.ndarray:
    key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    ids = _TEXT_IDS.get(key)
    if ids is None:
        words = WORD.findall(text)
        ids = np.fromiter(map(_WORD_IDS.__getitem__, words), dtype=np.int32, count=len(words))
        ids.flags.writeable = False  # shared by every later caller
        if len(_TEXT_IDS) >= _MAX_TEXTS:
            del _TEXT_IDS[next(iter(_TEXT_IDS))]
        _TEXT_IDS[key] = ids
    return ids


def text_token_ids(text: str) -> np.ndarray:
    """The tokens of ``tokenize(text)`` as this process's token ids (int32), made once per text."""
    with _NUMBERING:
        _numbering_checked()
        return _text_ids(text)


def tokenize_texts(texts: Iterable[str]) -> Tokens:
    """Tokenise ``texts`` into a :class:`Tokens` (the tokens of ``tokenize``, as ids numbered in
    order of first appearance), re-using the texts' token ids when this process has made them."""
    with _NUMBERING:
        _numbering_checked()
        per_text = [_text_ids(text) for text in texts]
        tokens = _WORD_IDS.tokens  # a later fresh numbering makes a new list: this one stays valid
    if not per_text:
        return Tokens(np.empty(0, dtype=object), np.empty(0, dtype=bool), [])
    codes, first_seen = pd.factorize(np.concatenate(per_text))  # renumbered: first seen first
    vocab = np.array([tokens[i] for i in first_seen.tolist()], dtype=object)
    content = np.array([t not in STOP_WORDS and bool(_HAS_LETTER.search(t)) for t in vocab.tolist()], dtype=bool)
    ids = np.split(codes.astype(np.int32), np.cumsum([len(t) for t in per_text[:-1]]))
    return Tokens(vocab, content, ids)


def corpus_tokens(corpus: pd.DataFrame) -> Tokens:
    """The tokens of each loaded article, in corpus order: pass them as ``tokens=`` to ``tfidf``,
    ``collocations``, ``compare.outlet_similarity`` and ``compare.wire_copies`` of the same corpus
    so that the corpus is tokenised once for all four."""
    return tokenize_texts(loaded(corpus)["text"].tolist())


def _texts_tokens(texts: pd.DataFrame, tokens: Tokens | None, *, whole: bool) -> Tokens:
    """``tokens`` checked against the rows of ``texts`` (whole articles only), or made from them."""
    if tokens is None:
        return tokenize_texts(texts["text"].tolist())
    if not whole:
        raise ValueError("tokens= are whole articles' tokens: not with voice= or sentences=")
    if len(tokens) != len(texts):
        raise ValueError(f"tokens= has {len(tokens)} texts, the corpus {len(texts)}: made from another corpus")
    return tokens


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


def _ngrams(tokens: list[str], ngram_range: tuple[int, int]) -> list[str]:
    """scikit-learn's word n-grams of a token list: the tokens (when n = 1 is asked for), then the
    n-grams of each longer n, their words joined by a space."""
    min_n, max_n = ngram_range
    if max_n == 1:
        return tokens
    out = list(tokens) if min_n == 1 else []
    for n in range(max(min_n, 2), min(max_n + 1, len(tokens) + 1)):
        out += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return out


def count_matrix(pieces: list[list[str]] | TokenPieces,
                 ngram_range: tuple[int, int] = (1, 1)) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The term count matrix of already tokenised texts and its vocabulary (sorted): what
    scikit-learn's ``CountVectorizer(tokenizer=…, lowercase=False).fit_transform`` and
    ``get_feature_names_out`` give (int64 counts, entries laid out as it lays them), without importing
    scikit-learn (half a second). Raises ``ValueError`` when there is no term at all, as it does.
    ``pieces`` given as :class:`TokenPieces` (words only, no n-grams) are counted by their ids."""
    from scipy import sparse

    if isinstance(pieces, TokenPieces):
        if ngram_range != (1, 1):
            raise ValueError("TokenPieces are counted as words: ngram_range must be (1, 1)")
        lengths = [len(ids) for ids in pieces.ids]
        flat = np.concatenate(pieces.ids) if pieces.ids else np.empty(0, dtype=np.int32)
        ids, first_seen = pd.factorize(flat)  # first seen first, as the strings would be
        vocab = pieces.vocab[first_seen]
    else:
        features = [_ngrams(tokens, ngram_range) for tokens in pieces]
        lengths = [len(f) for f in features]
        ids, vocab = pd.factorize(np.array(list(chain.from_iterable(features)), dtype=object))  # first seen first
    if not len(vocab):
        raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
    order = np.argsort(vocab, kind="stable")  # string order, as scikit-learn sorts its features
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    n_vocab = len(vocab)
    codes = np.repeat(np.arange(len(pieces), dtype=np.int64), lengths) * n_vocab + ids
    # by row, then in first-seen order: scikit-learn sorts a row's terms by their first-seen number and
    # renumbers them alphabetically afterwards, which leaves each row in that order (row sums follow it)
    codes, counts = np.unique(codes, return_counts=True)
    indptr = np.zeros(len(pieces) + 1, dtype=np.int32)
    np.cumsum(np.bincount(codes // n_vocab, minlength=len(pieces)), out=indptr[1:])
    matrix = sparse.csr_matrix((counts.astype(np.int64), rank[codes % n_vocab].astype(np.int32), indptr),
                               shape=(len(pieces), n_vocab))
    return matrix, vocab[order]


def tfidf_matrix(pieces: list[list[str]] | TokenPieces) -> tuple[sparse.csr_matrix, np.ndarray]:
    """scikit-learn's ``TfidfVectorizer(tokenizer=…, lowercase=False)`` defaults on already tokenised
    texts (smooth IDF, L2-normalised rows), the same floats operation for operation, and the sorted
    vocabulary; no scikit-learn import. ``ValueError`` when there is no term at all."""
    from scipy import sparse

    matrix, vocab = count_matrix(pieces)
    df = np.bincount(matrix.indices, minlength=len(vocab)).astype(np.float64)
    df += 1.0
    idf = np.full_like(df, fill_value=len(pieces) + 1, dtype=np.float64)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    data = matrix.data.astype(np.float64)
    data *= idf[matrix.indices]
    return l2_normalized(sparse.csr_matrix((data, matrix.indices, matrix.indptr), shape=matrix.shape)), vocab


def l2_normalized(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """The rows of a sparse matrix divided by their L2 norms, as scikit-learn's ``normalize`` does it:
    float64, the squares of each row added in order, zero rows left zero; the input is not changed."""
    from scipy import sparse

    data = matrix.data.astype(np.float64)  # always a copy
    bounds = matrix.indptr.tolist()
    for start, end in zip(bounds, bounds[1:], strict=False):
        if end > start:
            row = data[start:end]
            total = np.cumsum(row * row)[-1]
            if total != 0.0:
                row /= np.sqrt(total)
    return sparse.csr_matrix((data, matrix.indices, matrix.indptr), shape=matrix.shape)


def _doc_matrix(keys: pd.DataFrame, pieces_tokens: list[list[str]], *, ngram_range: tuple[int, int]):
    """Document-term count matrix (one row per document) over content tokens, and its vocabulary.

    ``keys`` (``doc_id, outlet``) and ``pieces_tokens`` (content tokens) describe the text pieces
    in the same order. Each piece (an article, or a sentence) is vectorised on its own, so n-grams
    never join two pieces, and the pieces' rows are then summed per document.
    """
    from scipy import sparse

    docs = keys.drop_duplicates().sort_values(["doc_id", "outlet"], kind="stable").reset_index(drop=True)
    try:
        pieces, vocab = count_matrix(pieces_tokens, ngram_range)
    except ValueError:  # empty vocabulary: nothing to count
        return docs, None, np.array([], dtype=object)
    row_of = {key: i for i, key in enumerate(zip(docs["doc_id"], docs["outlet"], strict=True))}
    rows = [row_of[key] for key in zip(keys["doc_id"], keys["outlet"], strict=True)]
    group = sparse.csr_matrix((np.ones(len(rows)), (rows, np.arange(len(rows)))), shape=(len(docs), len(rows)))
    return docs, (group @ pieces).tocsr(), vocab


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
    tokens = tokenize_texts(texts["text"].tolist())  # once: the content tokens and the word totals
    pieces = [tokens.content_words([i]) for i in range(len(tokens))]
    docs, matrix, vocab = _doc_matrix(texts[["doc_id", "outlet"]], pieces, ngram_range=ngram_range)
    if matrix is None or not len(docs):
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in
                             zip(TERM_COLUMNS, [object, object, "int64", "float64", "int64"], strict=True)})
    words = texts.assign(n=[len(ids) for ids in tokens.ids]).groupby("outlet")["n"].sum()
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
    tokens: Tokens | None = None,
) -> pd.DataFrame:
    """The ``top_n`` terms of each article (``by="doc_id"``) or outlet (``by="outlet"``) by TF-IDF.

    Outlet mode concatenates each outlet's articles into one document, so IDF is over outlets: a
    term every outlet uses scores low, a term one outlet alone uses scores high. Vectors are
    L2-normalised (scikit-learn defaults, smooth IDF); ``voice``/``sentences`` as in
    ``term_counts``; ``tokens`` is ``corpus_tokens(corpus)`` when already made. Returns
    ``[doc_id,] outlet, term, tfidf, rank`` with rank 1 the highest (ties broken alphabetically).
    """
    if by not in ("doc_id", "outlet"):
        raise ValueError(f"by must be 'doc_id' or 'outlet', not {by!r}")
    keys = ["doc_id", "outlet"] if by == "doc_id" else ["outlet"]
    texts = units(corpus, voice=voice, sentences=sentences)
    groups, pieces = _grouped_content(texts, keys, _texts_tokens(texts, tokens, whole=voice is None and sentences is None))
    columns = keys + ["term", "tfidf", "rank"]
    try:
        matrix, vocab = tfidf_matrix(pieces)  # vocab sorted: a term's column orders it alphabetically
    except ValueError:
        return pd.DataFrame(columns=columns)
    row_of = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    order = _by_row_score_term(row_of, matrix.data, matrix.indices, len(vocab))
    rank = np.arange(len(order)) - matrix.indptr[row_of[order]] + 1
    top = order[rank <= top_n]
    rows = row_of[top]
    table = {key: np.array([g[j] for g in groups], dtype=object)[rows] for j, key in enumerate(keys)}
    table |= {"term": vocab[matrix.indices[top]], "tfidf": matrix.data[top], "rank": rank[rank <= top_n]}
    return pd.DataFrame(table, columns=columns)


def _by_row_score_term(rows: np.ndarray, scores: np.ndarray, terms: np.ndarray, n_terms: int) -> np.ndarray:
    """The order of ``np.lexsort((terms, -scores, rows))`` (per row: score down, then term) of the
    entries of a sparse matrix (no (row, term) twice), found by one sort of integer keys when they fit
    in 63 bits: three times faster than the lexsort."""
    levels, score_rank = np.unique(-scores, return_inverse=True)
    if len(rows) and (int(rows.max()) + 1) * len(levels) * n_terms < 2**63:
        return np.argsort((rows.astype(np.int64) * len(levels) + score_rank) * n_terms + terms)  # keys unique
    return np.lexsort((terms, -scores, rows))


def _grouped_content(texts: pd.DataFrame, keys: list[str], tokens: Tokens) -> tuple[list[tuple], TokenPieces]:
    """The groups of ``texts`` by ``keys`` (sorted) and each group's content tokens, its texts one
    after another: what tokenising the group's texts joined by newlines gives, no token crossing a
    newline."""
    grouped = texts.groupby(keys, sort=True)
    positions = grouped.indices
    groups = list(grouped.size().index)
    pieces = TokenPieces([tokens.content_ids(positions[g]) for g in groups], tokens.vocab)
    return [g if isinstance(g, tuple) else (g,) for g in groups], pieces


def _pmi(n_ii: float, n_ix: int, n_xi: int, n_xx: int) -> float:
    """NLTK's ``BigramAssocMeasures.pmi(n_ii, (n_ix, n_xi), n_xx)``, the same float operations in the
    same order (so the same scores, bit for bit), without importing NLTK (half a second)."""
    return math.log2(n_ii * n_xx) - math.log2(n_ix * n_xi)


def _likelihood_ratio(n_ii: float, n_ix: int, n_xi: int, n_xx: int) -> float:
    """NLTK's ``BigramAssocMeasures.likelihood_ratio``, operation for operation (a negative cell
    raises ``ValueError`` as NLTK's does)."""
    n_oi, n_io = n_xi - n_ii, n_ix - n_ii
    cont = (n_ii, n_oi, n_io, n_xx - n_ii - n_oi - n_io)
    total = sum(cont)
    expected = [(cont[i] + cont[i ^ 1]) * (cont[i] + cont[i ^ 2]) / total for i in range(4)]
    return 2 * sum(obs * math.log(obs / (exp + _SMALL) + _SMALL) for obs, exp in zip(cont, expected, strict=True))


_MEASURES = {"likelihood_ratio": _likelihood_ratio, "pmi": _pmi}


def collocations(
    corpus: pd.DataFrame,
    *,
    by: str = "outlet",
    n: int = 20,
    measure: str = "pmi",
    min_freq: int = 2,
    voice: str | None = None,
    sentences: pd.DataFrame | None = None,
    tokens: Tokens | None = None,
) -> pd.DataFrame:
    """The ``n`` strongest bigram collocations per outlet (or article): ``outlet, bigram, score, count``.

    Bigrams are adjacent word tokens within one article (never across articles), kept only when
    both words are content words and the pair occurs at least ``min_freq`` times; scored with
    NLTK's ``BigramAssocMeasures`` (``"pmi"`` or ``"likelihood_ratio"``, ported: the same floats),
    exactly as NLTK's ``BigramCollocationFinder`` would (counted here with numpy, faster).
    With ``voice``/``sentences`` (as in ``term_counts``) bigrams stay within a sentence;
    ``tokens`` is ``corpus_tokens(corpus)`` when already made.
    """
    if measure not in _MEASURES:
        raise ValueError(f"measure must be one of {sorted(_MEASURES)}, not {measure!r}")
    if by not in ("doc_id", "outlet"):
        raise ValueError(f"by must be 'doc_id' or 'outlet', not {by!r}")
    keys = ["doc_id", "outlet"] if by == "doc_id" else ["outlet"]
    score = _MEASURES[measure]
    texts = units(corpus, voice=voice, sentences=sentences)
    tokens = _texts_tokens(texts, tokens, whole=voice is None and sentences is None)
    grouped = texts.groupby(keys, sort=True)
    rows = []
    for key in grouped.size().index:
        ids = [tokens.ids[p] for p in grouped.indices[key]]
        words, pairs, counts = _bigram_counts(ids, len(tokens.vocab))
        keep = (counts >= min_freq) & tokens.content[pairs[:, 0]] & tokens.content[pairs[:, 1]]
        total = int(words.sum())
        scored = []
        for (w1, w2), count in zip(pairs[keep].tolist(), counts[keep].tolist(), strict=True):
            # NLTK's BigramCollocationFinder scores a bigram as score(count / 1.0, (n_w1, n_w2), N)
            value = score(count / 1.0, int(words[w1]), int(words[w2]), total)
            scored.append((-value, f"{tokens.vocab[w1]} {tokens.vocab[w2]}", count))  # tokens have no spaces
        key = key if isinstance(key, tuple) else (key,)
        rows.extend((*key, name, -neg, count) for neg, name, count in sorted(scored)[:n])
    return pd.DataFrame(rows, columns=keys + ["bigram", "score", "count"])


def _bigram_counts(texts_ids: list[np.ndarray], n_vocab: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Token counts, and the distinct adjacent pairs within each text with their counts, as NLTK's
    ``BigramCollocationFinder.from_documents`` counts them (no pair across two texts)."""
    ids = np.concatenate(texts_ids) if texts_ids else np.empty(0, dtype=np.int32)
    words = np.bincount(ids, minlength=n_vocab)
    codes = np.concatenate([t[:-1].astype(np.int64) * n_vocab + t[1:] for t in texts_ids] or [np.empty(0, np.int64)])
    codes, counts = np.unique(codes, return_counts=True)
    return words, np.stack([codes // n_vocab, codes % n_vocab], axis=1), counts


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
