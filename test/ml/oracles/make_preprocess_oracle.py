#!/usr/bin/env python3
"""scikit-learn's answer for feature preparation and fixed-init k-means, for every option a user can pick.

Run with Debian's python3-sklearn, from the repository root:
    /usr/bin/python3 test/ml/oracles/make_preprocess_oracle.py [OUT.json]
It writes test/ml/oracles/preprocess.expected.json (committed: tests never need Python).

The data: N seeded customers with skewed numeric columns holding missing values, a constant
column, and two text columns (region, with ties at the top-N cut, NULLs and an "other" group;
plan, whose every category is kept so there is no "other" column).

Each combination of log1p x clip x scaling x missing policy x one-hot is prepared the way
src/ml/preprocess.ts orders the steps, with scikit-learn's own transformers:
  1. FunctionTransformer(np.log1p) when log1p is on;
  2. missing "drop": rows with a missing value in any numeric feature are dropped first;
  3. clip bounds: np.nanpercentile of the observed (not yet imputed) values, linear interpolation;
  4. SimpleImputer(mean | median), fitted on the observed values, unclipped;
  5. np.clip to the bounds of step 3 (an imputed value is clipped like any other);
  6. StandardScaler | MinMaxScaler | RobustScaler | nothing;
  7. one-hot: OneHotEncoder with the top-N categories (by count, ties by name, NULL never a
     category, counted over the whole table, as the engine's top-N query does) plus "other" for
     the rest and for NULL; the "other" column only when some kept row falls in it;
  8. VarianceThreshold(0): columns whose values are all equal are dropped.
Then KMeans(init=<rows INIT_ROWS of the prepared matrix>, n_init=1, tol=0, algorithm='lloyd'),
each row's Euclidean distance to its assigned centre, measured directly as the engine does (not
through KMeans.transform, whose dot-product formula loses digits on short distances), and the
numeric part of each centre in the column's own units: the scaler's inverse_transform, then
expm1 (a column dropped for zero variance taken at 0 in the prepared space, as the engine does).
"""
import itertools, json, os, sys
import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.feature_selection import VarianceThreshold
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import FunctionTransformer, MinMaxScaler, OneHotEncoder, RobustScaler, StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20261202
N = 120
K = 4
NUMERIC = ['spend', 'visits', 'tenure', 'returns', 'const']
CATEGORICAL = [('region', 3), ('plan', 3)]
LOG1P = [False, True]
CLIP = [None, [1, 99], [5, 95]]
SCALE = ['standard', 'minmax', 'robust', 'none']
MISSING = ['drop', 'mean', 'median']


def dataset():
    rng = np.random.default_rng(SEED)
    cols = {
        'id': np.arange(1, N + 1, dtype=float),
        'spend': np.round(rng.lognormal(4.0, 1.2, N), 2),
        'visits': rng.poisson(3.0, N).astype(float),
        'tenure': np.round(rng.uniform(0, 120, N), 1),
        'returns': np.where(rng.random(N) < 0.7, 0.0, np.round(rng.exponential(40.0, N), 2)),
        'const': np.full(N, 7.0),
    }
    for name, count in [('spend', 6), ('visits', 5), ('tenure', 4), ('returns', 3)]:
        cols[name][rng.choice(N, count, replace=False)] = np.nan
    # Fixed counts so that the top-3 cut falls on a tie: East and West, 20 each; East is kept by name.
    region = ['North'] * 32 + ['South'] * 26 + ['East'] * 20 + ['West'] * 20 + ['Central'] * 14 + [None] * 8
    plan = ['basic'] * 56 + ['plus'] * 40 + ['pro'] * 24
    cols['region'] = [region[i] for i in rng.permutation(N)]
    cols['plan'] = [plan[i] for i in rng.permutation(N)]
    return cols


def top_n(values, n):
    """The engine's query: GROUP BY value WHERE NOT NULL ORDER BY count(*) DESC, value LIMIT n."""
    counts = {}
    for v in values:
        if v is not None:
            counts[v] = counts.get(v, 0) + 1
    return [v for v, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))][:n]


def scaler_of(scale):
    return {'standard': StandardScaler(), 'minmax': MinMaxScaler(), 'robust': RobustScaler(), 'none': None}[scale]


def centre_and_scale(scaler, d):
    """Each column's transform as (x - centre) / scale, in scikit-learn's own fitted numbers."""
    if scaler is None:
        return np.zeros(d), np.ones(d)
    if isinstance(scaler, StandardScaler):
        return scaler.mean_, scaler.scale_
    if isinstance(scaler, MinMaxScaler):
        return scaler.data_min_, 1.0 / scaler.scale_  # scale_ = 1 / data_range (1 where the range is 0)
    return scaler.center_, scaler.scale_


def prepare(cols, categories, log1p, clip, scale, missing, onehot):
    X = np.column_stack([cols[c] for c in NUMERIC])
    log = FunctionTransformer(np.log1p, inverse_func=np.expm1, check_inverse=False) if log1p else None
    if log is not None:
        X = log.fit_transform(X)
    rows = np.arange(N)
    if missing == 'drop':
        rows = rows[~np.isnan(X).any(axis=1)]
    X = X[rows]
    d = X.shape[1]
    lo = hi = fill = None
    if clip is not None:
        lo, hi = np.nanpercentile(X, clip, axis=0)
    if missing != 'drop':
        imputer = SimpleImputer(strategy=missing)
        X = imputer.fit_transform(X)
        fill = imputer.statistics_
    if clip is not None:
        X = np.clip(X, lo, hi)
    scaler = scaler_of(scale)
    if scaler is not None:
        X = scaler.fit_transform(X)
    centre, spread = centre_and_scale(scaler, d)
    names = list(NUMERIC)
    blocks = [X]
    if onehot:
        for (column, _), cats in zip(CATEGORICAL, categories):
            kept = [cols[column][i] for i in rows]
            mapped = np.array([[v if v in cats else 'other'] for v in kept], dtype=object)
            has_other = any(v not in cats for v in kept)
            enc = OneHotEncoder(categories=[cats + ['other']], sparse_output=False).fit_transform(mapped)
            blocks.append(enc if has_other else enc[:, :-1])
            names += [f'{column}={c}' for c in cats] + ([f'{column}=other'] if has_other else [])
    X = np.hstack(blocks)
    keep = VarianceThreshold().fit(X).get_support(indices=True).tolist()
    params = [{
        'column': c,
        'clipLow': None if lo is None else float(lo[j]), 'clipHigh': None if hi is None else float(hi[j]),
        'fill': None if fill is None else float(fill[j]),
        'center': float(centre[j]), 'scale': float(spread[j]),
    } for j, c in enumerate(NUMERIC)]
    def in_original_units(centres):
        """Centres of the kept columns back through the scaler and log1p; a dropped column's centre is 0 there."""
        z = np.zeros((len(centres), d))
        for t, j in enumerate(keep):
            if j < d:
                z[:, j] = centres[:, t]
        x = z if scaler is None else scaler.inverse_transform(z)
        return x if log is None else log.inverse_transform(x)

    return X[:, keep], [names[j] for j in keep], rows, params, in_original_units


def init_rows(cols):
    """K complete rows far apart in spend and tenure, present whatever the missing policy."""
    complete = [i for i in range(N) if not any(np.isnan(cols[c][i]) for c in NUMERIC)]
    by_spend = sorted(complete, key=lambda i: cols['spend'][i])
    by_tenure = sorted(complete, key=lambda i: cols['tenure'][i])
    picks = [by_spend[len(by_spend) // 10], by_spend[-len(by_spend) // 10], by_tenure[len(by_tenure) // 10], by_tenure[-len(by_tenure) // 10]]
    assert len(set(picks)) == K, picks
    return picks


def cluster(X, rows, starts):
    pos = [int(np.searchsorted(rows, r)) for r in starts]
    assert all(rows[p] == r for p, r in zip(pos, starts))
    init = X[pos]
    assert len({tuple(c) for c in init}) == K, 'initial centres must be distinct'
    km = KMeans(n_clusters=K, init=init, n_init=1, max_iter=300, tol=0, algorithm='lloyd').fit(X)
    centres = km.cluster_centers_
    squared = ((X[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
    assert np.array_equal(squared.argmin(axis=1), km.labels_), 'labels are the nearest final centres'
    ordered = np.sort(squared, axis=1)
    margin = float((np.sqrt(ordered[:, 1]) - np.sqrt(ordered[:, 0])).min())
    distances = np.sqrt(squared[np.arange(len(X)), km.labels_])
    return km, distances, margin


def column_json(values):
    """A data column for JSON: numbers as floats, NaN and None as null."""
    if isinstance(values, list):
        return values
    return [None if np.isnan(v) else float(v) for v in values]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, 'preprocess.expected.json')
    cols = dataset()
    categories = [top_n(cols[c], n) for c, n in CATEGORICAL]
    starts = init_rows(cols)
    combos = []
    with_onehot = {}
    smallest_margin = np.inf
    for log1p, clip, scale, missing, onehot in itertools.product(LOG1P, CLIP, SCALE, MISSING, [True, False]):
        X, names, rows, params, in_original_units = prepare(cols, categories, log1p, clip, scale, missing, onehot)
        km, distances, margin = cluster(X, rows, starts)
        smallest_margin = min(smallest_margin, margin)
        cid = '-'.join([('log1p' if log1p else 'raw'), ('clip%d-%d' % tuple(clip) if clip else 'noclip'), scale, missing, ('onehot' if onehot else 'numeric')])
        twin = cid.replace('-numeric', '-onehot')
        if onehot:
            with_onehot[cid] = (X, names)
        else:
            twin_x, twin_names = with_onehot[twin]
            assert np.array_equal(X, twin_x[:, [twin_names.index(n) for n in names]]), cid
        combos.append({
            'id': cid, 'log1p': log1p, 'clip': clip, 'scale': scale, 'missing': missing, 'onehot': onehot,
            'rows': rows.tolist(), 'columns': names, 'numericParams': params,
            # The numeric columns of a combination without one-hot are those of its one-hot twin.
            'matrix': [[int(v) if '=' in names[j] else float(v) for j, v in enumerate(row)] for row in X] if onehot else None,
            'matrixFrom': None if onehot else twin,
            'labels': km.labels_.tolist(), 'distances': distances.tolist(),
            'iterations': int(km.n_iter_), 'inertia': float(km.inertia_),
            'centresInOriginalUnits': in_original_units(km.cluster_centers_).tolist(),
        })
    fixture = {
        'about': 'Made by test/ml/oracles/make_preprocess_oracle.py; see its docstring for what each step is.',
        'sklearn': sklearn.__version__, 'numpy': np.__version__, 'seed': SEED, 'n': N, 'k': K,
        'numeric': NUMERIC,
        'categorical': [{'column': c, 'topN': n, 'categories': cats} for (c, n), cats in zip(CATEGORICAL, categories)],
        'data': {name: column_json(values) for name, values in cols.items()},
        'initRows': starts,
        'smallestLabelMargin': smallest_margin,
        'combos': combos,
    }
    # One combination a line, so that a regenerated file's diff shows which ones changed.
    compact = lambda v: json.dumps(v, separators=(',', ':'))
    head = compact({key: v for key, v in fixture.items() if key != 'combos'})
    with open(out, 'w') as f:
        f.write(head[:-1] + ',"combos":[\n' + ',\n'.join(compact(c) for c in combos) + '\n]}\n')
    print(f'wrote {len(combos)} combinations to {out} ({os.path.getsize(out) / 1e6:.2f} MB); '
          f'smallest gap between a row\'s nearest and second-nearest centre: {smallest_margin:.3g}')


if __name__ == '__main__':
    main()
