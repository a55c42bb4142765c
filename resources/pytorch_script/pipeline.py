"""rnnwb's data pipeline in numpy: the same windows, splits and fitted statistics as rnnwb.

This file is part of a project exported by `rnnwb export --format pytorch-script`. It needs only
Python's standard library and numpy. It reproduces, bit for bit, what rnnwb's fit() is given:

CSV reading (the rules that decide which number lands in which row and column)
  * Delimiter: ',', ';' or tab, detected from the first 20 records unless given: one that gives
    the same field count > 1 on them; among several, the one leaving the fewest non-numeric cells
    outside the first row and column; ties go to tab, then ';', then ','.
  * Decimal mark: '.' for a ',' file; for a ';' or tab file ',' when more cells of the first 50
    records read as numbers with a decimal comma (with '.' as an optional thousands separator,
    1.234,5) than only with a point. settings.data.csv.decimal ("point"/"comma") overrides.
  * Double-quoted fields ("" escapes, delimiters and line breaks inside); LF, CRLF, CR line ends;
    a UTF-8 BOM skipped; blank lines skipped; spaces (and tabs, unless tab is the delimiter)
    around unquoted fields trimmed. Missing cells: empty, NA, N/A, NaN, null (any case).
  * Header: when some numeric column (other than the time column) has text in the first row.
  * Time column: the named one (settings.data.csv.time_column), else the first column (after a
    leading series column and ignored ones) when it holds text or is named time, date, datetime,
    timestamp, year, period, month or day. A `year` time column beside a `quarter` (1..4) or
    `month` (1..12) column is named "year+quarter" / "year+month". Rows are never sorted; in a
    panel, time must increase within each series when the labels are numbers or ISO dates.
  * Ignored columns (csv.ignore_columns; csv.ignore_text_columns leaves out every text column).
Many series (a panel)
  * Long form (data.series_column): rows are grouped by series, series in order of first
    appearance, each series' rows in file order. Wide form (data.series_columns, or ["all"]):
    each listed column becomes one series of a column "value" (leading/trailing missing cells
    left out), stacked in the listed order, series column "series".
Missing values (data.missing), on the used columns (features and targets) only, per series:
  * error: refused. interpolate: linear between known neighbours, leading/trailing gaps take the
    nearest known value. ffill: the last known value above; a leading gap takes the first known.
    drop: every row with a missing cell in a used column is removed (a series left empty goes).
Transforms (per column: log, then differencing x[t] - x[t-lag], then scaling (x - offset) / scale)
  * standard: mean / population std (sums in row order, as rnnwb), minmax: min / (max - min),
    robust: median / IQR (linear quantiles, NumPy's default), none: 0 / 1; a constant column gets
    scale 1. Fitted on the training rows only: the rows before each series' training end (the
    first `lag` rows of a differenced column have no value and are skipped), all series pooled
    (global) or each series on its own (scale_per "series").
Windows and splits (exactly engine/data/pipeline.hpp)
  * For target row j the input is rows j-window .. j-1 of the features (original units) and the
    target rows j .. j+horizon-1 of the targets. With differencing of lag L the model sees the
    window's last window - L differenced rows (model_steps).
  * Split by time: with n rows in a series, a window is training when all its target rows are
    < floor(a*n), validation when its target rows lie in [floor(a*n), floor((a+b)*n)), test when
    they are all >= floor((a+b)*n); a window whose targets straddle a boundary is in no split.
  * Many series: all of the above within each series. Split by series: the first floor(a*S)
    series train, up to floor((a+b)*S) validate, the rest test (whole series). A series too
    short for one training window (split by time), or for one window (by series), is skipped.
  * Model inputs x: float32 (N, model_steps, F); targets y: float32 (N, horizon * targets),
    row-major over horizon step then target.
Sequence datasets (X (N, T, F) and Y (N, k) or (N, H, k) from two .npy files or one .npz with X, y)
  * A step whose features are all NaN is padding (before and/or after the valid steps only).
  * Split by sequence: in file order the first floor(a*N) train, up to floor((a+b)*N) validate,
    the rest test; with shuffle_split, the order is first shuffled by Fisher-Yates on rnnwb's
    std::mt19937_64 seeded with split_seed (reproduced here), each split then sorted.
  * Scalers fitted on the training sequences: each feature over their valid steps pooled, each
    target over all their horizon steps. Padding stays NaN in x.
  * Every .npy value is read as float32 (float64 data and integer labels rounded to it), as rnnwb.
  * Classification: labels 0 .. C-1 unscaled; y int64 (N,); class weights "balanced" =
    1 / (C * training frequency).
Arithmetic
  * Log and exp are the C library's (math.log), sums run in row order, and every operation rounds
    on its own, as rnnwb's data code does on every machine (it is compiled with -ffp-contract=off:
    no a + b * c fused into one rounding).
Data sources
  * settings.data.source "sample:NAME" is read from data/NAME.csv beside config.json, with the
    sample's own time and series columns (as rnnwb reads its embedded samples); relative paths are
    taken from the folder holding config.json. metadata.data.sha256 is the file's SHA-256; a file
    whose SHA-256 differs from settings.data.sha256 is used with a warning (Prepared.warnings).
"""

import hashlib
import json
import math
import os
import re
import zipfile

import numpy as np

FORMAT = "rnnwb-pytorch-script"
FORMAT_VERSION = 1

# The samples rnnwb embeds (engine/data/samples.cpp): their time and series columns, used when the
# settings name the data as sample:NAME (its CSV then lies in data/NAME.csv beside config.json).
SAMPLES = {
    "sunspots": {"time_column": "YEAR", "series_column": ""},
    "macrodata": {"time_column": "", "series_column": ""},
    "elec_equip": {"time_column": "DATE", "series_column": ""},
    "eustock_long": {"time_column": "day", "series_column": "index"},
    "chickweight_long": {"time_column": "time", "series_column": "chick"},
}


def _fail(text):
    raise ValueError(text)


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_config(path):
    try:
        with open(path, "r", encoding="utf-8") as f:
            config = json.load(f)
    except OSError as e:
        _fail("cannot read %s: %s" % (path, e.strerror))
    except json.JSONDecodeError as e:
        _fail("%s is not valid JSON (%s); export the project again with rnnwb" % (path, e))
    if not isinstance(config, dict) or config.get("format") != FORMAT:
        _fail("%s is not an rnnwb PyTorch-script config (its \"format\" must be %r)" % (path, FORMAT))
    version = config.get("format_version")
    if not isinstance(version, int) or version < 1:
        _fail("%s: \"format_version\" must be a whole number >= 1" % path)
    if version > FORMAT_VERSION:
        _fail("%s was written by a newer rnnwb (format %d; this pipeline.py reads up to %d): export it again"
              % (path, version, FORMAT_VERSION))
    if not isinstance(config.get("settings"), dict):
        _fail("%s has no \"settings\" object; export the project again with rnnwb" % path)
    return config


# ---------------------------------------------------------------------------------------------
# CSV reading (engine/data/csv_loader.cpp)

def _is_missing_token(f):
    return f == "" or (len(f) <= 4 and f.lower() in ("na", "n/a", "nan", "null"))


_OK, _NOT_NUMBER, _NOT_FINITE = 0, 1, 2
_NUM = {".": re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z"),
        ",": re.compile(r"-?(?:[0-9]+(?:,[0-9]*)?|,[0-9]+)(?:[eE][+-]?[0-9]+)?\Z")}
_NONFINITE = re.compile(r"-?(?:inf|infinity|nan(?:\([0-9A-Za-z_]*\))?)\Z", re.IGNORECASE)


def _strip_thousands(f):
    mark = f.find(",")
    if mark < 0:
        mark = len(f)
    if f.find(".", mark) >= 0:
        return None
    i = 1 if f.startswith("-") else 0
    out = [f[:i]]
    group, first = 0, True
    while i < mark:
        c = f[i]
        if c == ".":
            if group == 0 or group > 3 or (not first and group != 3):
                return None
            first, group = False, 0
        elif "0" <= c <= "9":
            out.append(c)
            group += 1
        else:
            return None
        i += 1
    if not first and group != 3:
        return None
    return "".join(out) + f[mark:]


def _parse_number(f, decimal="."):
    """(status, value) as rnnwb's parse_number (fast_float, an optional leading '+')."""
    if decimal == "," and "." in f:
        f = _strip_thousands(f)
        if f is None:
            return _NOT_NUMBER, 0.0
    if f.startswith("+"):
        f = f[1:]
        if f.startswith("+") or f.startswith("-"):
            return _NOT_NUMBER, 0.0
    if not f:
        return _NOT_NUMBER, 0.0
    if _NUM[decimal].match(f):
        v = float(f.replace(",", ".") if decimal == "," else f)
        return (_OK, v) if math.isfinite(v) else (_NOT_FINITE, v)
    if _NONFINITE.match(f):
        return _NOT_FINITE, float("nan")
    return _NOT_NUMBER, 0.0


def _number_or_missing(f, decimal="."):
    return _parse_number(f, decimal)[0] == _OK or _is_missing_token(f)


def _looks_like_decimal_comma(f):
    return "," in f and _parse_number(f, ",")[0] == _OK


_TIME_NAMES = {"time", "date", "datetime", "timestamp", "year", "period", "month", "day"}


def _trim(s):
    return s.strip(" \t")


class _Tokenizer:
    """Records of fields, as rnnwb's Tokenizer: record_line is the 1-based line a record starts on."""

    def __init__(self, text, delim, source):
        self.text, self.d, self.source = text, delim, source
        self.pos, self.line = 0, 1
        self.error = ""

    def records(self):
        if '"' not in self.text:
            yield from self._plain_records()
            return
        text, d, end = self.text, self.d, len(self.text)
        p = self.pos
        while p < end:
            record_line = self.line
            fields = []
            any_quoted = False
            while True:
                while p < end and text[p] in " \t" and text[p] != d:
                    p += 1
                if p < end and text[p] == '"':
                    any_quoted = True
                    quote_line = self.line
                    p += 1
                    parts = []
                    while True:
                        q = text.find('"', p)
                        if q < 0:
                            self.error = ("%s line %d: a quoted field opened on this line is never closed (add the "
                                          "closing \", and write a quote inside a quoted field as \"\")"
                                          % (self.source, quote_line))
                            self.pos = end
                            return
                        chunk = text[p:q]
                        self.line += _count_breaks(chunk)
                        parts.append(chunk)
                        p = q + 1
                        if p < end and text[p] == '"':
                            parts.append('"')
                            p += 1
                            continue
                        break
                    fields.append("".join(parts))
                    while p < end and text[p] in " \t" and text[p] != d:
                        p += 1
                    if p < end and text[p] not in (d, "\n", "\r"):
                        self.error = ("%s line %d: unexpected text after the closing quote of a field (quote the "
                                      "whole field, and write a quote inside it as \"\")" % (self.source, self.line))
                        self.pos = end
                        return
                else:
                    s = p
                    m = _field_end(text, p, d)
                    p = m
                    e = p
                    while e > s and text[e - 1] in " \t" and text[e - 1] != d:
                        e -= 1
                    fields.append(text[s:e])
                if p < end and text[p] == d:
                    p += 1
                    continue
                if p < end:
                    if text[p] == "\r" and p + 1 < end and text[p + 1] == "\n":
                        p += 1
                    p += 1
                    self.line += 1
                break
            self.pos = p
            if len(fields) == 1 and not any_quoted and fields[0] == "":
                continue
            yield record_line, fields


    def _plain_records(self):
        """The same records for a text without quotes, faster: a line is a record."""
        strip = " \t".replace(self.d, "")
        d = self.d
        lines = _LINE_BREAK.split(self.text)
        if lines and lines[-1] == "":
            lines.pop()
        for number, line in enumerate(lines, 1):
            self.line = number + 1
            fields = [f.strip(strip) for f in line.split(d)]
            if len(fields) == 1 and fields[0] == "":
                continue
            yield number, fields
        self.pos = len(self.text)


_LINE_BREAK = re.compile(r"\r\n|\n|\r")


def _field_end(text, p, d):
    best = len(text)
    for c in (d, "\n", "\r"):
        k = text.find(c, p, best)
        if k >= 0:
            best = k
    return best


def _count_breaks(s):
    return s.count("\n") + s.count("\r") - s.count("\r\n")


def _detect_delimiter(text, source):
    best, best_score = None, None
    widest, widest_count = ",", 1
    for d in ("\t", ";", ","):
        tok = _Tokenizer(text, d, source)
        records = count = score = 0
        consistent = True
        for _, f in tok.records():
            if records == 0:
                count = len(f)
                if count > widest_count:
                    widest, widest_count = d, count
            else:
                if len(f) != count:
                    consistent = False
                for cell in f[1:]:
                    if not _number_or_missing(cell) and not (d != "," and _looks_like_decimal_comma(cell)):
                        score += 1
            records += 1
            if records >= 20:
                break
        if tok.error or records == 0 or count < 2 or not consistent:
            continue
        if best_score is None or score < best_score:
            best, best_score = d, score
    return best if best is not None else widest


def _named_column(sample, header_opt, want, what, src):
    """(index or -1, header_by_name)."""
    want = _trim(want or "")
    if not want:
        return -1, False
    ncols = len(sample[0])
    if header_opt != 0:
        for j, name in enumerate(sample[0]):
            if name == want:
                return j, True
    if len(want) <= 9 and want.isdigit() and want.isascii():
        n = int(want)
        if n < 1 or n > ncols:
            _fail("%s %s does not exist: %s has %d columns (number them from 1)" % (what, want, src, ncols))
        return n - 1, False
    _fail("%s %r not found in %s; the first line has: %s (give the name exactly as in the header, or the "
          "column's number from 1)" % (what, want, src, ", ".join(repr(c) for c in sample[0][:40])))


class _Table:
    pass


def parse_csv(text, source, time_column="", series_column="", ignore_columns=(), ignore_text_columns=False,
              decimal=None, no_time_column=False, header=-1):
    """A CSV text as rnnwb's parse_csv: names, columns (float64 arrays), time name/labels, series."""
    src = source
    if text.startswith("\ufeff"):
        text = text[1:]
    delim = _detect_delimiter(text, src)
    tok = _Tokenizer(text, delim, src)
    sample, lines = [], []
    for line, f in tok.records():
        sample.append(list(f))
        lines.append(line)
        if len(sample) >= 50:
            break
    if tok.error:
        _fail(tok.error)
    if not sample:
        _fail("%s is empty: there is no row to read (a CSV file needs a header line and data rows)" % src)
    ncols = len(sample[0])
    # decimal mark
    if decimal is None:
        if delim == ",":
            decimal = "."
        else:
            comma = point_only = 0
            for rec in sample[1:]:
                for cell in rec:
                    if _looks_like_decimal_comma(cell):
                        comma += 1
                    elif "." in cell and _parse_number(cell)[0] == _OK and _parse_number(cell, ",")[0] != _OK:
                        point_only += 1
            decimal = "," if comma > point_only else "."
    header_by_name = False
    time_idx, h1 = _named_column(sample, header, time_column, "time column", src)
    series_idx, h2 = _named_column(sample, header, series_column, "series column", src)
    header_by_name = h1 or h2
    if series_idx >= 0 and series_idx == time_idx:
        _fail("the series column and the time column are the same column of %s; choose two columns" % src)
    ignore = [0] * ncols
    for want in ignore_columns:
        j, h = _named_column(sample, header, want, "column to ignore", src)
        header_by_name = header_by_name or h
        if j < 0:
            continue
        if j == time_idx:
            _fail("the time column %r cannot also be ignored; choose one or the other" % want)
        if j == series_idx:
            _fail("the series column %r cannot also be ignored; choose one or the other" % want)
        ignore[j] = 1
    first_data = 0 if header == 0 else 1
    numbers, texts = [0] * ncols, [0] * ncols
    for rec in sample[first_data:]:
        for j in range(min(ncols, len(rec))):
            if _parse_number(rec[j], decimal)[0] == _OK:
                numbers[j] += 1
            elif not _is_missing_token(rec[j]):
                texts[j] += 1
    numeric = [1 if numbers[j] >= texts[j] else 0 for j in range(ncols)]
    single_text = False
    if len(sample) <= first_data and ncols > 0:
        numeric[0] = 1 if _number_or_missing(sample[0][0], decimal) else 0
        single_text = ncols == 1 and not numeric[0]
    if header == 1 or header_by_name or (header == -1 and single_text):
        has_header = True
    elif header != -1:
        has_header = False
    else:
        has_header = any(j != time_idx and numeric[j] and not _number_or_missing(sample[0][j], decimal)
                         for j in range(len(sample[0])))
    if has_header and len(sample) == 1:
        _fail("%s has a header line but no data rows" % src)
    if not _trim(time_column or "") and not no_time_column:
        first = 0
        while first < ncols and (first == series_idx or ignore[first]):
            first += 1
        if first < ncols and (not numeric[first] or (has_header and _trim(sample[0][first]).lower() in _TIME_NAMES)):
            time_idx = first
    if ignore_text_columns:
        for j in range(ncols):
            if numeric[j] or ignore[j] or j == time_idx or j == series_idx:
                continue
            ignore[j] = 2
    if has_header:
        names = list(sample[0])
        seen = {}
        for j, n in enumerate(names):
            if n == "":
                _fail("%s line 1: column %d of the header has no name; give every column a name" % (src, j + 1))
            if n in seen:
                _fail("%s line 1: columns %d and %d are both named %r; rename one of them in the header so that "
                      "every column name is unique" % (src, seen[n] + 1, j + 1, n))
            seen[n] = j
    else:
        names = ["col%d" % (j + 1) for j in range(ncols)]
    t = _Table()
    t.source, t.delimiter, t.decimal, t.has_header = src, delim, decimal, has_header
    t.time_name = names[time_idx] if time_idx >= 0 else ""
    t.names = [names[j] for j in range(ncols) if not ignore[j] and j != time_idx and j != series_idx]
    if not t.names:
        _fail("%s has no numeric column%s; the workbench needs at least one column of numbers (is the delimiter "
              "or the decimal mark right? read with %r and %r)"
              % (src, " besides the time column %r" % t.time_name if t.time_name else "", delim, decimal))
    targets = []  # per file column: index into t.names, -1 time, -2 series, -3 ignored
    k = 0
    for j in range(ncols):
        if ignore[j]:
            targets.append(-3)
        elif j == time_idx:
            targets.append(-1)
        elif j == series_idx:
            targets.append(-2)
        else:
            targets.append(k)
            k += 1
    cols = [[] for _ in t.names]
    labels, ids, lines_out = [], [], []
    header_word = "the header has " if has_header else "the first row has "
    tok = _Tokenizer(text, delim, src)
    skip = has_header
    for line, f in tok.records():
        if skip:
            skip = False
            continue
        if len(f) != ncols:
            _fail("%s line %d: %d fields, but %s%d (a missing or extra delimiter? quote fields that contain the "
                  "delimiter)" % (src, line, len(f), header_word, ncols))
        for j in range(ncols):
            tj = targets[j]
            if tj == -3:
                continue
            if tj == -2:
                sid = _trim(f[j])
                if not sid:
                    _fail("%s line %d: the series column %r is empty; every row needs the id of its series"
                          % (src, line, names[j]))
                ids.append(sid)
            elif tj == -1:
                labels.append(f[j])
            else:
                cols[tj].append(_parse_cell(f[j], line, names[j], decimal, src))
        lines_out.append(line)
    if tok.error:
        _fail(tok.error)
    if not lines_out:
        _fail("%s has a header line but no data rows" % src)
    t.columns = [np.array(c, dtype=np.float64) for c in cols]
    t.time_labels = labels
    t.row_lines = lines_out
    t.series_name, t.series_ids, t.series_starts = "", [], []
    if series_idx >= 0:
        _group_by_series(t, ids, names[series_idx])
    return t


def _parse_cell(cell, line, name, decimal, src):
    status, v = _parse_number(cell, decimal)
    if status == _OK:
        return v
    if _is_missing_token(cell):
        return math.nan
    if status == _NOT_FINITE:
        _fail("%s line %d, column %r: %r is not a finite number (leave the cell empty or write NA for a missing "
              "value)" % (src, line, name, cell))
    hint = ""
    if decimal == "." and _looks_like_decimal_comma(cell):
        hint = " (it looks like a number with a decimal comma: set settings.data.csv.decimal to \"comma\")"
    _fail("%s line %d, column %r: %r is not a number%s; only the time column may hold text (ignore the column "
          "with settings.data.csv.ignore_columns, or check the delimiter and the decimal mark)"
          % (src, line, name, cell, hint))


def _group_by_series(t, ids, series_column):
    order_ids, index = [], {}
    of_row = []
    for sid in ids:
        g = index.get(sid)
        if g is None:
            g = index[sid] = len(order_ids)
            order_ids.append(sid)
        of_row.append(g)
    of_row = np.array(of_row, dtype=np.int64)
    order = np.argsort(of_row, kind="stable")
    t.columns = [c[order] for c in t.columns]
    if t.time_labels:
        t.time_labels = [t.time_labels[i] for i in order]
    t.row_lines = [t.row_lines[i] for i in order]
    counts = np.bincount(of_row, minlength=len(order_ids))
    t.series_name = series_column
    t.series_ids = order_ids
    t.series_starts = [0] + [int(v) for v in np.cumsum(counts)]
    _check_time_order(t)


def _as_number(label):
    try:
        if not label or label != label.strip() or label.lower().lstrip("+-") in ("inf", "infinity", "nan"):
            raise ValueError
        v = float(label)
        return v if math.isfinite(v) else None
    except ValueError:
        return None


def _check_time_order(t):
    if len(t.time_labels) != _rows(t) or not t.series_ids:
        return
    for k, sid in enumerate(t.series_ids):
        b, e = t.series_starts[k], t.series_starts[k + 1]
        labels = t.time_labels[b:e]
        values = [_as_number(x) for x in labels]
        numbers = all(v is not None for v in values)
        iso = all(len(x) >= 7 and x[0].isdigit() and x[4] == "-" for x in labels)
        if not numbers and not iso:
            continue
        for r in range(1, len(labels)):
            ok = values[r] > values[r - 1] if numbers else labels[r] > labels[r - 1]
            if not ok:
                _fail("%s line %d: series %r goes back in time (%r %r after %r); a series' rows must be in time "
                      "order: sort the file by series and time"
                      % (t.source, t.row_lines[b + r], sid, t.time_name, labels[r], labels[r - 1]))


def _rows(t):
    return len(t.columns[0]) if t.columns else len(t.time_labels)


def _join_year_and_period(t):
    if t.time_name.lower() != "year" or not t.time_labels:
        return
    years = []
    for label in t.time_labels:
        if not re.fullmatch(r"-?[0-9]+", label):
            return
        years.append(int(label))
    for period, most in (("quarter", 4), ("month", 12)):
        c = next((i for i, n in enumerate(t.names) if n.lower() == period), None)
        if c is None:
            continue
        v = t.columns[c]
        if not all(1 <= x <= most and x == math.floor(x) for x in v):
            continue
        t.time_labels = ["%d%s%s" % (y, "Q" if most == 4 else "-", ("%d" % int(p)) if most == 4 else "%02d" % int(p))
                         for y, p in zip(years, v)]
        t.time_name += "+" + t.names[c]
        return


def _columns_to_series(t, columns):
    if t.series_ids:
        _fail("the data already names its series by a column; take columns as series or that")
    if len(columns) == 1 and _trim(columns[0]).lower() == "all":
        chosen = list(range(len(t.names)))
    else:
        chosen = []
        for name in columns:
            if _trim(name) not in t.names:
                _fail("no numeric column named %r in %s" % (name, t.source))
            c = t.names.index(_trim(name))
            if c not in chosen:
                chosen.append(c)
    if not chosen:
        _fail("name at least one column to take as a series")
    values, labels, lines, ids, starts = [], [], [], [], [0]
    for c in chosen:
        col = t.columns[c]
        known = np.flatnonzero(~np.isnan(col))
        if known.size == 0:
            _fail("column %r of %s has no values" % (t.names[c], t.source))
        b, e = int(known[0]), int(known[-1]) + 1
        values.append(col[b:e])
        if t.time_labels:
            labels += t.time_labels[b:e]
        lines += t.row_lines[b:e]
        ids.append(t.names[c])
        starts.append(starts[-1] + (e - b))
    t.names = ["value"]
    t.columns = [np.concatenate(values)]
    t.time_labels = labels
    t.row_lines = lines
    t.series_name, t.series_ids, t.series_starts = "series", ids, starts
    _check_time_order(t)


# ---------------------------------------------------------------------------------------------
# Missing values (engine/data/missing.cpp)

def _series_bounds(t):
    if not t.series_ids:
        return [(0, _rows(t))]
    return [(t.series_starts[g], t.series_starts[g + 1]) for g in range(len(t.series_ids))]


def _fill(col, b, e, interpolate, name, sid):
    part = col[b:e]
    n = e - b
    known = np.flatnonzero(~np.isnan(part))
    if n == 0:
        return
    if known.size == 0:
        _fail("series %r has no value in column %r (%d rows, all missing), so there is nothing to fill from; "
              "remove the series or set settings.data.missing to \"drop\"" % (sid, name, n))
    first = int(known[0])
    part[:first] = part[first]
    if interpolate:
        prev = first
        for r in known[1:]:
            r = int(r)
            if r > prev + 1:
                a, bb, span = part[prev], part[r], float(r - prev)
                for i in range(prev + 1, r):
                    part[i] = (bb - a) * (float(i - prev) / span) + a
            prev = r
        part[prev + 1:] = part[prev]
    else:
        for r in range(first + 1, n):
            if math.isnan(part[r]):
                part[r] = part[r - 1]


def _apply_missing(t, policy, columns):
    sel = []
    for name in columns:
        if name not in t.names:
            _fail("unknown column %r in %s; the numeric columns are %s"
                  % (name, t.source, ", ".join(repr(n) for n in t.names[:40])))
        c = t.names.index(name)
        if c not in sel:
            sel.append(c)
    total = 0
    for c in sel:
        m = int(np.isnan(t.columns[c]).sum())
        if m > 0 and m == len(t.columns[c]):
            _fail("column %r of %s has no values: all %d cells are missing (remove it from the columns you use)"
                  % (t.names[c], t.source, m))
        total += m
    if total == 0:
        return ""
    if policy == "error":
        parts = []
        for c in sel:
            miss = np.flatnonzero(np.isnan(t.columns[c]))
            if miss.size:
                parts.append("%r %d (lines %s)" % (t.names[c], miss.size,
                                                    ", ".join(str(t.row_lines[i]) for i in miss[:5])))
        _fail("%s has missing cells: %s; set settings.data.missing to \"interpolate\", \"ffill\" or \"drop\""
              % (t.source, "; ".join(parts)))
    if policy in ("interpolate", "ffill"):
        for c in sel:
            if not np.isnan(t.columns[c]).any():
                continue
            for g, (b, e) in enumerate(_series_bounds(t)):
                _fill(t.columns[c], b, e, policy == "interpolate", t.names[c], t.series_ids[g] if t.series_ids else "")
        return "%s %d cells" % ("interpolated" if policy == "interpolate" else "forward-filled", total)
    if policy == "drop":
        rows = _rows(t)
        drop = np.zeros(rows, dtype=bool)
        for c in sel:
            drop |= np.isnan(t.columns[c])
        dropped = int(drop.sum())
        if dropped == rows:
            _fail("dropping the rows with missing cells would leave no row of %s; set settings.data.missing to "
                  "\"interpolate\" or \"ffill\", or select other columns" % t.source)
        keep = ~drop
        t.columns = [c[keep] for c in t.columns]
        if t.time_labels:
            t.time_labels = [x for x, k in zip(t.time_labels, keep) if k]
        t.row_lines = [x for x, k in zip(t.row_lines, keep) if k]
        if t.series_ids:
            ids, starts = [], [0]
            for g, sid in enumerate(t.series_ids):
                kept = int(keep[t.series_starts[g]:t.series_starts[g + 1]].sum())
                if kept == 0:
                    continue
                ids.append(sid)
                starts.append(starts[-1] + kept)
            t.series_ids, t.series_starts = ids, starts
        return "dropped %d of %d rows with a missing cell" % (dropped, rows)
    _fail("unknown missing-value policy %r: use error, interpolate, ffill or drop" % policy)


# ---------------------------------------------------------------------------------------------
# Transforms (engine/data/transforms.cpp)

_SCALERS = ("none", "standard", "minmax", "robust")


def _seq_sum(v):
    """The sum in order, as a C++ loop adds (np.sum is pairwise and differs in the last bits)."""
    return float(np.cumsum(v)[-1]) if len(v) else 0.0


def _sum_of_squares(d):
    """sum(d * d) in order, as rnnwb's standard scaler adds it."""
    return float(np.cumsum(d * d)[-1]) if len(d) else 0.0


def _quantile_sorted(v, q):
    if len(v) == 0:
        return 0.0
    pos = q * float(len(v) - 1)
    lo = int(math.floor(pos))
    hi = min(lo + 1, len(v) - 1)
    return float(v[lo]) + (pos - float(lo)) * float(v[hi] - v[lo])


def fit_scaler(t, values):
    """Fits t["offset"], t["scale"] on values (NaN skipped); False for a constant (or empty) column."""
    v = np.asarray(values, dtype=np.float64)
    v = v[~np.isnan(v)]
    t["offset"], t["scale"] = 0.0, 1.0
    if t["scaler"] == "none" or v.size == 0:
        return v.size > 0
    if t["scaler"] == "standard":
        mean = _seq_sum(v) / float(v.size)
        var = _sum_of_squares(v - mean)
        offset, spread = mean, math.sqrt(var / float(v.size))
    elif t["scaler"] == "minmax":
        offset = float(v.min())
        spread = float(v.max()) - offset
    elif t["scaler"] == "robust":
        s = np.sort(v, kind="stable")
        offset = _quantile_sorted(s, 0.5)
        spread = _quantile_sorted(s, 0.75) - _quantile_sorted(s, 0.25)
    else:
        _fail("unknown scaler %r: use none, standard, minmax or robust" % t["scaler"])
    t["offset"] = float(offset)
    if spread > 1e-12 * max(1.0, abs(offset)):
        t["scale"] = float(spread)
        return True
    return False


def _log_values(raw, name):
    out = np.empty(len(raw), dtype=np.float64)
    for i, x in enumerate(raw.tolist()):
        if not x > 0:
            _fail("column %r row %d is %s: the log transform needs values > 0; turn log off for this column "
                  "(settings.pipeline.columns.%s.log = false)" % (name, i + 1, x, name))
        out[i] = math.log(x)  # the C library's log, as rnnwb's std::log
    return out


def _pre_scale(raw, t, name):
    v = _log_values(raw, name) if t["log"] else np.array(raw, dtype=np.float64)
    lag = t["diff_lag"]
    if lag > 0:
        out = np.full(len(v), np.nan)
        if len(v) > lag:
            out[lag:] = v[lag:] - v[:-lag]
        v = out
    return v


def _transform_json(t):
    return {"log": bool(t["log"]), "diff_lag": int(t["diff_lag"]), "scaler": t["scaler"],
            "offset": float(t["offset"]), "scale": float(t["scale"])}


def _transform_from(j, where):
    try:
        t = {"log": bool(j.get("log", False)), "diff_lag": int(j.get("diff_lag", 0)),
             "scaler": str(j.get("scaler", "standard")).strip().lower(),
             "offset": float(j.get("offset", 0.0)), "scale": float(j.get("scale", 1.0))}
    except (AttributeError, TypeError, ValueError):
        _fail("%s: a transform must be an object {log, diff_lag, scaler, offset, scale}, got %r" % (where, j))
    if t["scaler"] not in _SCALERS:
        _fail("%s: unknown scaler %r: use none, standard, minmax or robust" % (where, t["scaler"]))
    return t


# ---------------------------------------------------------------------------------------------
# mt19937_64 (rnnwb's Rng, engine/core/rng.hpp), for the shuffled sequence split

class MT19937_64:
    _M64 = (1 << 64) - 1

    def __init__(self, seed):
        self.mt = [0] * 312
        self.mt[0] = seed & self._M64
        for i in range(1, 312):
            prev = self.mt[i - 1]
            self.mt[i] = (6364136223846793005 * (prev ^ (prev >> 62)) + i) & self._M64
        self.index = 312

    def _twist(self):
        mt = self.mt
        upper, lower = 0xFFFFFFFF80000000, 0x7FFFFFFF
        for i in range(312):
            x = (mt[i] & upper) | (mt[(i + 1) % 312] & lower)
            xa = x >> 1
            if x & 1:
                xa ^= 0xB5026F5AA96619E9
            mt[i] = mt[(i + 156) % 312] ^ xa
        self.index = 0

    def next(self):
        if self.index >= 312:
            self._twist()
        y = self.mt[self.index]
        self.index += 1
        y ^= (y >> 29) & 0x5555555555555555
        y ^= (y << 17) & 0x71D67FFFEDA60000
        y ^= (y << 37) & 0xFFF7EEE000000000
        y ^= y >> 43
        return y & self._M64

    def below(self, n):
        return 0 if n == 0 else self.next() % n

    def shuffle(self, v):
        for i in range(len(v), 1, -1):
            j = self.below(i)
            v[i - 1], v[j] = v[j], v[i - 1]


# ---------------------------------------------------------------------------------------------
# Splits

def _split_fractions(value, where):
    if value is None:
        return (0.7, 0.15, 0.15)
    if isinstance(value, str):
        value = value.split(",")
    try:
        f = tuple(float(x) for x in value)
    except (TypeError, ValueError):
        _fail("%s: the split must be three fractions [train, validation, test], got %r" % (where, value))
    if len(f) != 3 or not f[0] > 0 or f[1] < 0 or f[2] < 0 or abs(f[0] + f[1] + f[2] - 1.0) > 1e-6:
        _fail("%s: the split fractions must be >= 0 (train > 0) and add up to 1, got %r" % (where, value))
    return f


def split_bounds(rows, f):
    def at(fraction):
        return min(rows, int(math.floor(fraction * float(rows) + 1e-9)))
    return rows, at(f[0]), at(f[0] + f[1])


# ---------------------------------------------------------------------------------------------
# Prepared

class Prepared:
    def __init__(self):
        self.kind = "series"
        self.task = "regression"
        self.train = self.validation = self.test = None
        self.outputs = 0
        self.class_weights = None
        self.metadata = {}
        self.warnings = []
        self.notes = []
        self._decode = None

    def split(self, name):
        if name not in ("train", "validation", "test"):
            _fail("unknown split %r: use train, validation or test" % name)
        return getattr(self, name)

    def decode(self, outputs, split):
        """Model outputs of a split's windows (N, H*k) -> original units (N, H, k); for a classifier,
        the logits are returned as they are."""
        return self._decode(np.asarray(outputs), split)


def _resolve(path, base_dir):
    if not path or os.path.isabs(path):
        return path
    return os.path.normpath(os.path.join(os.path.abspath(base_dir), path))


def prepare(settings, base_dir, data_path=None, fitted=None):
    if not isinstance(settings, dict):
        _fail("settings must be a JSON object (config.json's \"settings\")")
    data = settings.get("data") or {}
    if "sequences" in settings or data.get("kind") == "sequences":
        return _prepare_sequences(settings, base_dir, data_path, fitted)
    return _prepare_series(settings, base_dir, data_path, fitted)


def _str_list(v, where):
    if v is None:
        return []
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        _fail("%s must be a list of column names" % where)
    return list(v)


def _load_table(settings, base_dir, data_path, prepared):
    data = settings.get("data") or {}
    csv = data.get("csv") or {}
    source = data.get("source") or ""
    if not source and not data_path:
        _fail("the settings name no data file (settings.data.source is empty): give one with --data")
    time_column = csv.get("time_column", "") or ""
    series_column = data.get("series_column", "") or ""
    series_columns = _str_list(data.get("series_columns"), "settings.data.series_columns")
    shown = source
    if data_path:
        path = os.path.abspath(data_path)
        shown = path
    elif source.startswith("sample:"):
        name = source[len("sample:"):]
        if name not in SAMPLES:
            _fail("no sample named %r: the samples are %s" % (name, ", ".join(SAMPLES)))
        path = _resolve(os.path.join("data", name + ".csv"), base_dir)
        if not os.path.exists(path):
            _fail("the settings name sample:%s but %s does not exist: export the project again with rnnwb (it "
                  "writes the sample's CSV there), or give the data with --data" % (name, path))
    else:
        path = _resolve(source, base_dir)
        shown = path
    if source.startswith("sample:") and not data_path:
        info = SAMPLES[source[len("sample:"):]]
        if not time_column and not csv.get("no_time_column", False):
            time_column = info["time_column"]
        if not series_column and not series_columns:
            series_column = info["series_column"]
    if series_column and series_columns:
        _fail("name the series column (long form) or the columns that are series (wide form), not both")
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        _fail("cannot read %s: %s" % (path, e.strerror))
    sha = hashlib.sha256(raw).hexdigest()
    if data.get("sha256") and data["sha256"] != sha:
        prepared.warnings.append("%s has changed since the settings were made: its SHA-256 is now %s..., the "
                                 "settings recorded %s..." % (path, sha[:12], data["sha256"][:12]))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    decimal = {"comma": ",", "point": "."}.get(csv.get("decimal", "auto"))
    # A joined year+quarter name is the file's year column.
    m = re.match(r"(.+)\+(quarter|month)\Z", time_column, re.IGNORECASE)
    if m:
        time_column = m.group(1)
    t = parse_csv(text, shown, time_column=time_column,
                  series_column=series_column, ignore_columns=_str_list(csv.get("ignore_columns"), "csv.ignore_columns"),
                  ignore_text_columns=bool(csv.get("ignore_text_columns", False)), decimal=decimal,
                  no_time_column=bool(csv.get("no_time_column", False)))
    _join_year_and_period(t)
    if series_columns:
        _columns_to_series(t, series_columns)
    return t, sha, shown, series_columns


def _prepare_series(settings, base_dir, data_path, fitted):
    P = Prepared()
    P.kind, P.task = "series", "regression"
    data = settings.get("data") or {}
    p = settings.get("pipeline") or {}
    t, sha, source, series_columns = _load_table(settings, base_dir, data_path, P)
    targets = _str_list(p.get("targets"), "settings.pipeline.targets")
    features = _str_list(p.get("features"), "settings.pipeline.features") or list(targets)
    if not targets:
        _fail("choose at least one target column (settings.pipeline.targets)")
    window, horizon = int(p.get("window", 0)), int(p.get("horizon", 1))
    if window < 1:
        _fail("the window must be at least 1 row (settings.pipeline.window)")
    if horizon < 1:
        _fail("the horizon must be at least 1 row (settings.pipeline.horizon)")
    for lst in (features, targets):
        for i, n in enumerate(lst):
            if n in lst[:i]:
                _fail("column %r is listed twice" % n)
    split = _split_fractions(p.get("split"), "settings.pipeline.split")
    season = int(p.get("season", 0))
    split_by = str(p.get("split_by", "time")).strip().lower()
    scale_per = str(p.get("scale_per", "global")).strip().lower()
    if split_by not in ("time", "series"):
        _fail("settings.pipeline.split_by must be time or series, got %r" % split_by)
    if scale_per not in ("global", "series"):
        _fail("settings.pipeline.scale_per must be global or series, got %r" % scale_per)
    used = list(features) + [x for x in targets if x not in features]
    for n in used:
        if n not in t.names:
            _fail("no column named %r in the data (its numeric columns: %s)" % (n, ", ".join(t.names)))
    note = _apply_missing(t, str(data.get("missing", "error")).strip().lower(), used)
    if note:
        P.notes.append(note)
    panel = bool(t.series_ids)
    rows = _rows(t)
    bounds = _series_bounds(t)
    if split_by == "series" and scale_per == "series":
        _fail("per-series scaling fits each series on its own training rows, and a series held out for validation "
              "or test has none: set settings.pipeline.scale_per to \"global\", or split by time")
    if scale_per == "series" and not panel:
        _fail("per-series scaling needs data with many series (name the series column); set "
              "settings.pipeline.scale_per to \"global\"")
    # the plan: per series (begin, end, train_end, validation_end, skipped)
    count = len(bounds)
    w, h = window, horizon
    if split_by == "series" and count < 3:
        _fail("splitting by series assigns whole series to training, validation and test, so it needs at least 3 "
              "series; the data has %d: set settings.pipeline.split_by to \"time\"" % count)
    _, s_train, s_val = split_bounds(count, split)
    if split_by == "series":
        counts = (s_train, s_val - s_train, count - s_val)
        for k, name in enumerate(("training", "validation", "test")):
            if split[k] > 0 and counts[k] == 0:
                _fail("split by series: the fractions give the %s split none of the %d series (the first floor(a*S) "
                      "series train, up to floor((a+b)*S) validate); raise its fraction or set it to 0"
                      % (name, count))
    plan = []
    for g, (b, e) in enumerate(bounds):
        n = e - b
        if split_by == "time":
            _, tr, va = split_bounds(n, split)
            plan.append((b, e, b + tr, b + va, panel and tr < w + h))
        else:
            role = 0 if g < s_train else 1 if g < s_val else 2
            plan.append((b, e, e if role == 0 else b, b if role == 2 else e, n < w + h))
    skipped = [t.series_ids[g] for g, pl in enumerate(plan) if pl[4]]
    if skipped:
        if len(skipped) == len(plan):
            _fail("every series is too short: with window %d and horizon %d a series needs at least %d %s for one "
                  "window; use a shorter window, a smaller horizon, or change the split"
                  % (w, h, w + h, "training rows" if split_by == "time" else "rows"))
        P.warnings.append("%d of %d series are too short for one %swindow (%d rows) and are left out: %s%s; a "
                          "shorter window keeps them"
                          % (len(skipped), len(plan), "training " if split_by == "time" else "", w + h,
                             ", ".join('"%s"' % s for s in skipped[:10]), ", ..." if len(skipped) > 10 else ""))
    # column settings
    default = _transform_from(p.get("default_transform") or {}, "settings.pipeline.default_transform")
    column_settings = p.get("columns") or {}
    transforms, series_transforms = {}, {}
    pre = {}
    fitted_global = fitted_series = None
    if fitted is not None:
        fitted_global = {n: _transform_from(j, "the model's transforms") for n, j in (fitted.get("transforms") or {}).items()}
        fs = (fitted.get("series") or {}).get("transforms") or {}
        fitted_series = {sid: {n: _transform_from(j, "the model's series transforms") for n, j in m.items()}
                         for sid, m in fs.items()}
    for name in used:
        raw = t.columns[t.names.index(name)]
        missing = int(np.isnan(raw).sum())
        if missing:
            _fail("column %r has %d missing values: choose a missing-value policy (settings.data.missing: "
                  "interpolate, ffill or drop)" % (name, missing))
        tr = _transform_from(column_settings[name], "settings.pipeline.columns.%s" % name) \
            if name in column_settings else dict(default)
        lag = tr["diff_lag"]
        if lag < 0:
            _fail("the differencing lag of %r must be >= 0" % name)
        if lag >= window:
            _fail("differencing lag %d of %r needs a window longer than the lag: set settings.pipeline.window above %d"
                  % (lag, name, lag))
        if lag > 0 and name in targets and name not in features:
            _fail("target %r is differenced, so it must also be an input feature (its last value is added back to "
                  "the predicted change): add it to settings.pipeline.features" % name)
        v = np.empty(rows, dtype=np.float64)
        for (b, e) in bounds:
            v[b:e] = _pre_scale(raw[b:e], tr, name)
        pre[name] = v
        if fitted is not None:
            if name not in fitted_global:
                _fail("the model stores no transform for column %r" % name)
            ft = fitted_global[name]
            if ft["log"] != tr["log"] or ft["diff_lag"] != tr["diff_lag"]:
                _fail("the model transforms column %r differently (log or differencing) from the settings" % name)
            transforms[name] = ft
            if scale_per == "series":
                for g, pl in enumerate(plan):
                    if not pl[4]:
                        sid = t.series_ids[g]
                        if sid not in fitted_series or name not in fitted_series[sid]:
                            _fail("the model never saw series %r (column %r): it scales each series by its own "
                                  "statistics" % (sid, name))
                        series_transforms.setdefault(sid, {})[name] = fitted_series[sid][name]
            continue
        train_part = np.concatenate([v[pl[0]:pl[2]] for pl in plan if not pl[4]] or [np.empty(0)])
        if not fit_scaler(tr, train_part) and tr["scaler"] != "none":
            P.warnings.append('column "%s" is constant on the training rows: it is left unscaled (scale 1)' % name)
        _check_finite(name, v, tr, plan)
        if scale_per == "series":
            constant, first_constant = 0, ""
            for g, pl in enumerate(plan):
                if pl[4]:
                    continue
                ts = dict(tr)
                if not fit_scaler(ts, v[pl[0]:pl[2]]) and ts["scaler"] != "none":
                    if constant == 0:
                        first_constant = t.series_ids[g]
                    constant += 1
                _check_finite(name, v, ts, [pl])
                series_transforms.setdefault(t.series_ids[g], {})[name] = ts
            if constant:
                P.warnings.append('column "%s" is constant on the training rows of %d series ("%s"%s): left '
                                  'unscaled there (scale 1)' % (name, constant, first_constant,
                                                                ", ..." if constant > 1 else ""))
        else:
            _warn_out_of_range(name, v, plan, tr, P.warnings)
        transforms[name] = tr
    max_lag = max([transforms[n]["diff_lag"] for n in transforms] or [0])
    steps = window - max_lag
    # split rows
    split_rows = {"train": [], "validation": [], "test": []}
    for pl in plan:
        if pl[4]:
            continue
        b, e, tr_end, va_end, _ = pl
        for j in range(b + w, e - h + 1):
            last = j + h - 1
            if last < tr_end:
                split_rows["train"].append(j)
            elif j >= tr_end and last < va_end:
                split_rows["validation"].append(j)
            elif j >= va_end:
                split_rows["test"].append(j)
    whole = split_by == "series"
    for k, (name, label, need) in enumerate((("train", "training", w + h),
                                             ("validation", "validation", w + h if whole else h),
                                             ("test", "test", w + h if whole else h))):
        if split[k] > 0 and not split_rows[name]:
            _fail("too few rows: %s%d rows with window %d and horizon %d leave no %s window (the %s split needs at "
                  "least %d %s); use a shorter window, a smaller horizon, or change the split"
                  % ("the series' " if panel else "", rows, w, h, label, label, need,
                     "rows in some series" if panel else "rows"))
    series_of_row = np.zeros(rows, dtype=np.int64)
    for g, (b, e) in enumerate(bounds):
        series_of_row[b:e] = g

    def transforms_of(g):
        return series_transforms[t.series_ids[g]] if scale_per == "series" else transforms

    # encoded columns: scaled pre-scale values per row (per series under per-series scaling)
    encoded = {}
    for name in used:
        enc = np.empty(rows, dtype=np.float64)
        for g, (b, e) in enumerate(bounds):
            tr = transforms_of(g)[name] if (scale_per != "series" or not plan[g][4]) else transforms[name]
            enc[b:e] = (pre[name][b:e] - tr["offset"]) / tr["scale"]
        encoded[name] = enc
    raw_cols = {n: t.columns[t.names.index(n)] for n in used}

    def make(rows_j):
        j = np.asarray(rows_j, dtype=np.int64)
        n = j.size
        x = np.empty((n, steps, len(features)), dtype=np.float32)
        y = np.empty((n, horizon, len(targets)), dtype=np.float32)
        if n:
            xi = j[:, None] - window + max_lag + np.arange(steps)[None, :]
            for f, name in enumerate(features):
                x[:, :, f] = encoded[name][xi].astype(np.float32)
            yi = j[:, None] + np.arange(horizon)[None, :]
            for c, name in enumerate(targets):
                y[:, :, c] = encoded[name][yi].astype(np.float32)
        return x, y.reshape(n, horizon * len(targets))

    for name in ("train", "validation", "test"):
        setattr(P, name, make(split_rows[name]))
    P.outputs = horizon * len(targets)
    P.rows = {k: np.asarray(v, dtype=np.int64) for k, v in split_rows.items()}

    def decode(outputs, split_name):
        j = P.rows[split_name] if split_name in P.rows else _fail("unknown split %r" % split_name)
        out = np.asarray(outputs, dtype=np.float32).reshape(len(j), horizon, len(targets)).astype(np.float64)
        y = np.empty_like(out)
        for c, name in enumerate(targets):
            col = raw_cols[name]
            for i, jj in enumerate(j.tolist()):
                tr = transforms_of(int(series_of_row[jj - 1]))[name]
                for k in range(horizon):
                    v = out[i, k, c] * tr["scale"] + tr["offset"]
                    lag = tr["diff_lag"]
                    if lag > 0:
                        back = k - lag
                        if back < 0:
                            prev = col[jj + back]
                            v += math.log(prev) if tr["log"] else prev
                        else:
                            v += math.log(y[i, back, c]) if tr["log"] else y[i, back, c]
                    y[i, k, c] = math.exp(v) if tr["log"] else v
        return y

    P._decode = decode
    meta = {
        "format_version": 2 if scale_per == "series" else 1,
        "window": window, "horizon": horizon, "model_steps": steps,
        "features": features, "targets": targets,
        "time_column": t.time_name,
        "transforms": {n: _transform_json(transforms[n]) for n in sorted(transforms)},
        "split": list(split), "season": season,
        "data": {"sha256": sha, "source": source, "rows": rows},
    }
    if (data.get("missing") or "error") != "error":  # what the rows went through, as rnnwb records it
        meta["data"]["missing"] = data["missing"]
    if t.series_name or t.series_ids or split_by != "time" or scale_per == "series":
        kept = [g for g, pl in enumerate(plan) if not pl[4]] if panel else []
        meta["series"] = {
            "column": t.series_name, "columns": series_columns, "split_by": split_by, "scale_per": scale_per,
            "ids": [t.series_ids[g] for g in kept], "rows": [plan[g][1] - plan[g][0] for g in kept],
            "transforms": {sid: {n: _transform_json(m[n]) for n in sorted(m)}
                           for sid, m in sorted(series_transforms.items())},
        }
    P.metadata = meta
    return P


def _check_finite(name, pre, t, plan):
    if not math.isfinite(t["offset"]) or not math.isfinite(t["scale"]) or not t["scale"] > 0:
        _fail("column %r has values too large to scale: its fitted %s is not a finite number; divide the column by a "
              "power of ten, or take its log" % (name, "scale" if math.isfinite(t["offset"]) else "offset"))
    for pl in plan:
        if pl[4]:
            continue
        part = pre[pl[0] + t["diff_lag"]:pl[1]]
        with np.errstate(all="ignore"):
            bad = ~np.isfinite(part) | ~np.isfinite((part - t["offset"]) / t["scale"])
        if bad.any():
            _fail("column %r row %d becomes infinite after its transforms; divide the column by a power of ten, or "
                  "take its log" % (name, pl[0] + t["diff_lag"] + int(np.flatnonzero(bad)[0]) + 1))


def _warn_out_of_range(name, pre, plan, t, warnings):
    lo, hi, llo, lhi = math.inf, -math.inf, math.inf, -math.inf
    for b, e, tr_end, _, skipped in plan:
        if skipped:
            continue
        a, z = pre[b:tr_end], pre[tr_end:e]
        a, z = a[~np.isnan(a)], z[~np.isnan(z)]
        if a.size:
            lo, hi = min(lo, float(a.min())), max(hi, float(a.max()))
        if z.size:
            llo, lhi = min(llo, float(z.min())), max(lhi, float(z.max()))
    if not math.isfinite(lo) or not math.isfinite(llo):
        return
    rng = max(hi - lo, 1e-12)
    margin = 0.1 * rng
    if lhi <= hi + margin and llo >= lo - margin:
        return
    above = lhi - hi >= lo - llo
    beyond = lhi - hi if above else lo - llo
    warnings.append('column "%s": validation/test values reach %.6g, %s the training range [%.6g, %.6g] by %.0f%% of '
                    'that range; the model has never seen such values'
                    % (name, lhi if above else llo, "above" if above else "below", lo, hi, round(100 * beyond / rng)))


# ---------------------------------------------------------------------------------------------
# Sequence datasets (engine/data/sequences.cpp, engine/io/sequence_file.cpp)

def _npy_array(data, source, integer_ok):
    import io
    try:
        a = np.load(io.BytesIO(data), allow_pickle=False)
    except Exception as e:  # noqa: BLE001 - numpy raises many kinds
        _fail("%s is not a readable .npy array (%s)" % (source, e))
    kind = a.dtype.kind
    if kind == "f" and a.dtype.itemsize in (4, 8):
        pass
    elif integer_ok and kind in "iu":
        pass
    else:
        _fail("%s: unsupported dtype %r (only float32 '<f4' and float64 '<f8' are read%s)"
              % (source, a.dtype.str, ", and integers such as '<i8'" if integer_ok else ""))
    if np.isfortran(a) and a.ndim > 1:
        _fail("%s is stored in Fortran order; save it with np.ascontiguousarray(a)" % source)
    return a, kind in "iu", hashlib.sha256(data).hexdigest()


def _npz_member(path, names, integer_ok):
    try:
        with zipfile.ZipFile(path) as z:
            have = [n[:-4] for n in z.namelist() if n.endswith(".npy")]
            for name in names:
                if name in have:
                    data = z.read(name + ".npy")
                    return _npy_array(data, path + ":" + name, integer_ok) + (path + ":" + name,)
    except (OSError, zipfile.BadZipFile) as e:
        _fail("cannot read %s as an .npz archive (%s)" % (path, e))
    _fail("%s holds no array %r (its arrays: %s); save it with np.savez(path, X=X, y=y)"
          % (path, names[0], ", ".join(repr(x) for x in have) or "none"))


def _npy_file(path, integer_ok):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        _fail("cannot read %s: %s" % (path, e.strerror))
    return _npy_array(data, path, integer_ok) + (path,)


def _valid_spans(x):
    """(first, length) of each sequence's valid steps; ValueError for padding in the wrong place."""
    n, T, F = x.shape
    if np.isinf(x).any():
        b, t, f = (int(v) for v in np.argwhere(np.isinf(x))[0])
        _fail("X[%d, %d], feature %d is infinite: replace it with a finite value (or NaN on every feature of a "
              "padding step)" % (b, t, f))
    isn = np.isnan(x)
    cnt = isn.sum(axis=2)
    partial = np.argwhere((cnt > 0) & (cnt < F))
    if partial.size:
        b, t = (int(v) for v in partial[0])
        f = int(np.flatnonzero(isn[b, t])[0])
        _fail("X[%d, %d, %d] is NaN while other features of that step are not: a missing value. Fill it, or set "
              "every feature of the step to NaN to mark it as padding" % (b, t, f))
    valid = cnt == 0
    empty = np.flatnonzero(~valid.any(axis=1))
    if empty.size:
        b = int(empty[0])
        _fail("sequence %d (X[%d]) has no valid step: every step is padding (all features NaN); remove it" % (b, b))
    first = valid.argmax(axis=1)
    last = T - 1 - valid[:, ::-1].argmax(axis=1)
    length = last - first + 1
    holes = np.flatnonzero(valid.sum(axis=1) != length)
    if holes.size:
        b = int(holes[0])
        steps = np.flatnonzero(valid[b])
        gap = int(np.flatnonzero(np.diff(steps) > 1)[0])
        _fail("sequence %d has padding (all features NaN) at step %d, between valid steps %d and %d: padding may only "
              "come before or after a sequence's valid steps" % (b, steps[gap] + 1, steps[gap], steps[gap + 1]))
    return [(int(a), int(b)) for a, b in zip(first, length)]


def split_sequences(n, f, shuffle, seed):
    _, tr, va = split_bounds(n, f)
    counts = (tr, va - tr, n - va)
    for k, name in enumerate(("training", "validation", "test")):
        if f[k] > 0 and counts[k] == 0:
            _fail("the split gives the %s set none of the %d sequences (the first floor(a*N) train, up to "
                  "floor((a+b)*N) validate); raise its fraction, set it to 0, or give more sequences" % (name, n))
    order = list(range(n))
    if shuffle:
        MT19937_64(int(seed)).shuffle(order)
    return sorted(order[:tr]), sorted(order[tr:va]), sorted(order[va:])


def _prepare_sequences(settings, base_dir, data_path, fitted):
    P = Prepared()
    P.kind = "sequences"
    q = settings.get("sequences")
    if not isinstance(q, dict):
        _fail("the settings of a sequence dataset need a \"sequences\" object (X and Y paths, split, scalers)")
    if data_path and not data_path.lower().endswith(".npz"):
        # A new X alone would be paired with the settings' old Y: its targets must come with it.
        _fail("%s: other sequences need their targets with them: give an .npz holding both "
              "(np.savez(path, X=X, y=y)) as --data" % data_path)
    x_path = os.path.abspath(data_path) if data_path else _resolve(q.get("x") or "", base_dir)
    y_path = _resolve(q.get("y") or "", base_dir)
    if not x_path:
        _fail("settings.sequences.x is empty: the settings name no X file")
    if x_path.lower().endswith(".npz"):
        if q.get("y") and not data_path:
            _fail("an .npz archive holds both X and y: give it alone, without a separate targets file")
        x, _, x_sha, x_src = _npz_member(x_path, ["X", "x"], False)
        y, y_int, y_sha, y_src = _npz_member(x_path, ["y", "Y"], True)
    else:
        if not y_path:
            _fail("sequence inputs %r need their targets: give the Y .npy file too (or one .npz holding X and y)"
                  % x_path)
        x, _, x_sha, x_src = _npy_file(x_path, False)
        y, y_int, y_sha, y_src = _npy_file(y_path, True)
    for recorded, now, path in ((q.get("x_sha256"), x_sha, x_src), (q.get("y_sha256"), y_sha, y_src)):
        if recorded and recorded != now:
            P.warnings.append("%s has changed since the settings were made: its SHA-256 is now %s..., the settings "
                              "recorded %s..." % (path, now[:12], recorded[:12]))
    if x.ndim != 3:
        _fail("%s has shape %s: X must be a rank-3 array (sequences, steps, features); a single feature per step is "
              "X.reshape(N, T, 1)" % (x_src, x.shape))
    if y.ndim not in (2, 3):
        _fail("%s has shape %s: Y must be (N, k) or (N, H, k); a single target is y.reshape(N, 1)" % (y_src, y.shape))
    y_has_horizon = y.ndim == 3
    # rnnwb reads every .npy value as float32 (float64 data and integer labels are rounded to it).
    x = x.astype(np.float32).astype(np.float64)
    y = y.astype(np.float32).astype(np.float64)
    if not y_has_horizon:
        y = y.reshape(y.shape[0], 1, y.shape[1])
    N, T, F = x.shape
    H, k = y.shape[1], y.shape[2]
    if N < 1:
        _fail("X holds no sequence (its first dimension is 0)")
    if T < 1 or F < 1:
        _fail("X has shape %s: each sequence needs at least one step and one feature" % (x.shape,))
    if y.shape[0] != N:
        _fail("Y has %d rows but X has %d sequences: Y's first dimension must be N" % (y.shape[0], N))
    if H < 1 or k < 1:
        _fail("Y has no target values per sequence (a dimension is 0)")
    spans = _valid_spans(x)
    if not np.isfinite(y).all():
        _fail("Y holds NaN or infinite values: every target must be a finite number")
    features = _str_list(q.get("features"), "settings.sequences.features") or ["x%d" % i for i in range(F)]
    targets = _str_list(q.get("targets"), "settings.sequences.targets") or ["y%d" % i for i in range(k)]
    if len(features) != F:
        _fail("%d feature names are given but the data has %d features" % (len(features), F))
    if len(targets) != k:
        _fail("%d target names are given but the data has %d targets" % (len(targets), k))
    task = str(q.get("task", "regression")).strip().lower()
    if task not in ("regression", "classification"):
        _fail("settings.sequences.task must be regression or classification, got %r" % task)
    P.task = task
    split = _split_fractions(q.get("split"), "settings.sequences.split")
    shuffle = bool(q.get("shuffle_split", False))
    seed = int(q.get("split_seed", 0))
    train, val, test = split_sequences(N, split, shuffle, seed)
    feature_scaler = str(q.get("feature_scaler", "standard")).strip().lower()
    target_scaler = str(q.get("target_scaler", "standard")).strip().lower()
    classes = None
    if task == "classification":
        classes = _find_classes(y, train, _str_list(q.get("class_names"), "settings.sequences.class_names"))
        target_scaler = "none"
        cw = q.get("class_weights") or ""
        if isinstance(cw, list):
            cw = ",".join(str(v) for v in cw)
        if cw:
            if cw.strip().lower() == "balanced":
                P.class_weights = [1.0 / (float(classes["count"]) * fr) for fr in classes["train_frequencies"]]
            else:
                w = [float(v) for v in cw.split(",")]
                if len(w) != classes["count"] or not all(math.isfinite(v) and v > 0 for v in w):
                    _fail("class weights %r: give balanced or %d weights > 0" % (cw, classes["count"]))
                P.class_weights = w
    if fitted is not None:
        s = fitted.get("sequences") or {}
        fs = [_transform_from(j, "the model's feature scalers") for j in s.get("feature_scalers", [])]
        ts = [_transform_from(j, "the model's target scalers") for j in s.get("target_scalers", [])]
        if len(fs) != F or len(ts) != k:
            _fail("the model's scalers are for %d features and %d targets, the data has %d and %d"
                  % (len(fs), len(ts), F, k))
    else:
        fs, ts = [], []
        train_x = x[train]
        train_valid = ~np.isnan(train_x[:, :, 0])  # the valid steps, in sequence then step order
        for f in range(F):
            vals = train_x[:, :, f][train_valid]
            tr = {"log": False, "diff_lag": 0, "scaler": feature_scaler, "offset": 0.0, "scale": 1.0}
            if not fit_scaler(tr, vals) and feature_scaler != "none":
                P.warnings.append('feature "%s" is constant on the training sequences: it is left unscaled (scale 1)'
                                  % features[f])
            fs.append(tr)
        for c in range(k):
            vals = y[train, :, c].reshape(-1)
            tr = {"log": False, "diff_lag": 0, "scaler": target_scaler, "offset": 0.0, "scale": 1.0}
            if not fit_scaler(tr, vals) and target_scaler != "none":
                P.warnings.append('target "%s" is constant on the training sequences: it is left unscaled (scale 1)'
                                  % targets[c])
            ts.append(tr)
    off_f = np.array([t["offset"] for t in fs]); sc_f = np.array([t["scale"] for t in fs])
    off_t = np.array([t["offset"] for t in ts]); sc_t = np.array([t["scale"] for t in ts])

    def make(rows):
        r = np.asarray(rows, dtype=np.int64)
        xs = ((x[r] - off_f) / sc_f).astype(np.float32).reshape(len(r), T, F)
        if task == "classification":
            return xs, y[r, 0, 0].astype(np.int64)
        ys = ((y[r] - off_t) / sc_t).astype(np.float32).reshape(len(r), H * k)
        return xs, ys

    P.train, P.validation, P.test = make(train), make(val), make(test)
    P.rows = {"train": train, "validation": val, "test": test}
    P.outputs = classes["count"] if classes else H * k

    def decode(outputs, split_name):
        out = np.asarray(outputs, dtype=np.float32).astype(np.float64)
        if task == "classification":
            return out
        return out.reshape(out.shape[0], H, k) * sc_t + off_t

    P._decode = decode
    per = H * k
    # Each mean summed over the training sequences in order (np.cumsum runs in order, np.sum pairwise).
    means = (np.cumsum(y.reshape(N, per)[train], axis=0)[-1] / float(len(train))).tolist()
    lengths = [spans[r][1] for r in train]
    max_len = max(lengths) if lengths else 0
    seqmeta = {
        "task": task, "features": features, "targets": targets, "horizon": H, "y_has_horizon": y_has_horizon,
        "feature_scalers": [_transform_json(t) for t in fs], "target_scalers": [_transform_json(t) for t in ts],
        "target_means": means, "lengths": {"min": min(lengths) if lengths else 0, "max": max_len},
        "steps": T, "count": N, "split": list(split), "shuffle_split": shuffle, "split_seed": seed,
        "x": {"sha256": x_sha, "source": x_src}, "y": {"sha256": y_sha, "source": y_src},
    }
    if classes:
        seqmeta["classes"] = classes
    P.metadata = {
        "format_version": 3, "window": max(1, max_len), "horizon": H, "model_steps": max(1, max_len),
        "features": features, "targets": targets, "time_column": "", "transforms": {},
        "split": list(split), "season": 0,
        "data": {"sha256": x_sha, "source": x_src, "rows": N},
        "dataset": "sequences", "sequences": seqmeta,
    }
    return P


def _find_classes(y, train, names):
    if y.shape[1] != 1 or y.shape[2] != 1:
        _fail("class targets are one label per sequence, Y of shape (N, 1), but Y has %d values per sequence: give "
              "one integer label per sequence, or train them as regression targets (task regression)"
              % (y.shape[1] * y.shape[2]))
    labels = y[:, 0, 0]
    for i, v in enumerate(labels.tolist()):
        if v < 0 or v != math.floor(v) or not math.isfinite(v):
            _fail("Y[%d] is %s: class labels are whole numbers counted from 0 (0, 1, .., C-1)" % (i, v))
        if names and v >= len(names):
            _fail("Y[%d] is class %d but %d class names are given: give one name per class" % (i, v, len(names)))
    count = len(names) if names else int(labels.max()) + 1
    if count < 2:
        _fail("every sequence has class 0: a classifier needs at least two classes in Y (labels 0 .. C-1)")
    counts = [0.0] * count
    for r in train:
        counts[int(labels[r])] += 1
    for c in range(count):
        if counts[c] == 0:
            _fail("class %d occurs in no training sequence: every class 0 .. C-1 must be in the training split; "
                  "number the classes without gaps, give more training sequences of it, or shuffle the split" % c)
    return {"count": count, "names": list(names) if names else [str(i) for i in range(count)],
            "train_frequencies": [c / float(len(train)) for c in counts]}
