"""Independent answers for the example workbooks' clusterings (scikit-learn), written to
example-oracles.json beside this script. Run: /usr/bin/python3 test/examples/make_example_oracles.py

Each clustering example is rebuilt here from the sample CSVs with pandas and scikit-learn only:
the per-customer table its SQL cell makes, log1p and StandardScaler on the numeric features,
one-hot columns for the categorical ones, KMeans with the cell's k and seed, and
sklearn.metrics for silhouette, Davies-Bouldin and Calinski-Harabasz at each k of the sweep.
k-means++ seeding differs between the two, so the engine's fit is checked from the centres it
reported (engine-centres.json, written by `SEGBOOK_WRITE_ENGINE_CENTRES=1 npx vitest run
test/examples/example-figures.test.ts`; run that, then this script): every row must be in the
segment of its nearest centre on data prepared the scikit-learn way, and scikit-learn's Lloyd
iterations started there (tol 1e-4, as the cell) must barely move. scikit-learn's own fit
(k-means++, 10 restarts) is kept for comparing optima.
"""
import json
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.compose import ColumnTransformer
from sklearn.metrics import pairwise_distances_argmin, calinski_harabasz_score, davies_bouldin_score, silhouette_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent.parent / 'sample-data'
SWEEP = range(2, 11)
ENGINE_CENTRES = {}
ITEMS = ['lifestyle_outdoors', 'lifestyle_tech', 'lifestyle_health', 'lifestyle_social', 'values_sustainability', 'values_tradition',
         'values_status', 'interest_travel', 'interest_cooking', 'interest_fashion', 'interest_sports']


def duck_round(x, digits):
    """DuckDB's round(): half away from zero on x * 10^digits (numpy rounds half to even)."""
    m = 10.0 ** digits
    return np.sign(x) * np.floor(np.abs(x) * m + 0.5) / m


def b2c():
    return pd.read_csv(SAMPLES / 'b2c-customers.csv')


def purchases():
    t = pd.read_csv(SAMPLES / 'retail-transactions.csv', parse_dates=['invoice_date'])
    t = t[~t.invoice_id.str.startswith('C') & (t.quantity > 0)].copy()
    t['amount'] = t.quantity * t.unit_price
    return t


def buying_habits():
    t = purchases()
    t['store'] = (t.channel == 'store').astype(float)
    t['sale'] = t.invoice_date.dt.month.isin([1, 7, 11, 12]).astype(float)
    g = t.groupby('customer_id')
    orders = g.invoice_id.nunique()
    return pd.DataFrame({
        'orders': orders,
        'basket_value': duck_round(g.amount.sum() / orders, 2),
        'categories': g.product_category.nunique(),
        'store_share': duck_round(g.store.mean(), 3),
        'sale_season_share': duck_round(g.sale.mean(), 3),
    }).reset_index()


def customer_rfm():
    t = purchases()
    g = t.groupby('customer_id')
    last = g.invoice_date.max().dt.normalize()
    return pd.DataFrame({
        'recency_days': (pd.Timestamp('2025-01-01') - last).dt.days,
        'orders': g.invoice_id.nunique(),
        'spend': duck_round(g.amount.sum(), 2),
    }).reset_index()


def prepare(df, numeric, logged=(), categorical=(), names_out=None):
    parts = []
    for c in numeric:
        steps = ([FunctionTransformer(np.log1p)] if c in logged else []) + [StandardScaler()]
        parts.append((c, make_pipeline(*steps), [c]))
    if categorical:
        parts.append(('onehot', OneHotEncoder(sparse_output=False), list(categorical)))
    transformer = ColumnTransformer(parts)
    x = transformer.fit_transform(df.dropna(subset=list(numeric) + list(categorical)))
    names = list(numeric)
    if categorical:
        encoder = transformer.named_transformers_['onehot']
        names += [f'{c}={v}' for c, values in zip(categorical, encoder.categories_) for v in values]
    varying = x.std(axis=0) > 0
    if names_out is not None:
        names_out.extend(n for n, keep in zip(names, varying) if keep)
    return x[:, varying]


def kmeans(x, k, seed):
    return KMeans(n_clusters=k, n_init=10, max_iter=300, tol=1e-4, random_state=seed).fit(x)


def clustering(example, df, key, k, seed, numeric, logged=(), categorical=()):
    names = []
    x = prepare(df, numeric, logged, categorical, names)
    fit = kmeans(x, k, seed)
    engine = ENGINE_CENTRES[example]
    init = np.array([[centre[n] for n in names] for centre in engine['centres']])
    nearest = pairwise_distances_argmin(x, init)
    lloyd = KMeans(n_clusters=k, init=init, n_init=1, max_iter=300, tol=1e-4).fit(x)
    sweep = {'k': [], 'silhouette': [], 'daviesBouldin': [], 'calinskiHarabasz': [], 'inertia': []}
    for kk in SWEEP:
        sweep_fit = kmeans(x, kk, seed)
        labels = sweep_fit.labels_
        sweep['k'].append(kk)
        sweep['silhouette'].append(silhouette_score(x, labels))
        sweep['daviesBouldin'].append(davies_bouldin_score(x, labels))
        sweep['calinskiHarabasz'].append(calinski_harabasz_score(x, labels))
        sweep['inertia'].append(float(sweep_fit.inertia_))
    sweep['best'] = {
        'silhouette': sweep['k'][int(np.argmax(sweep['silhouette']))],
        'daviesBouldin': sweep['k'][int(np.argmin(sweep['daviesBouldin']))],
        'calinskiHarabasz': sweep['k'][int(np.argmax(sweep['calinskiHarabasz']))],
    }
    return {
        'rows': int(x.shape[0]),
        'columns': names,
        'nearest_engine_centre': {
            'sizes': np.bincount(nearest, minlength=k).tolist(),
            'inertia': float(((x - init[nearest]) ** 2).sum()),
            'silhouette': float(silhouette_score(x, nearest)),
            'segments': {str(key_value): int(label) + 1 for key_value, label in zip(df[key], nearest)},
        },
        'lloyd_from_engine_centres': {
            'iterations': int(lloyd.n_iter_),
            'centre_shift': float(np.abs(lloyd.cluster_centers_ - init).max()),
            'sizes': np.bincount(lloyd.labels_, minlength=k).tolist(),
            'inertia': float(lloyd.inertia_),
            'segments': {str(key_value): int(label) + 1 for key_value, label in zip(df[key], lloyd.labels_)},
        },
        'sklearn_own_fit': {
            'sizes_desc': sorted(np.bincount(fit.labels_).tolist(), reverse=True),
            'inertia': float(fit.inertia_),
            'silhouette': float(silhouette_score(x, fit.labels_)),
        },
        'sweep': sweep,
    }


def a_priori_silhouette():
    """Silhouette of the a priori segments (the rules cell's first match wins) on the validate cell's features."""
    df = b2c()
    segment = np.select(
        [df.occupation == 'student', (df.occupation == 'retired') | (df.age >= 67), df.household_size >= 3],
        ['Students', 'Retirees', 'Families'], 'Everyone else')
    x = prepare(df, ['annual_spend', 'sessions_30d', 'need_price', 'need_quality'])
    return {'silhouette': float(silhouette_score(x, segment)), 'davies_bouldin': float(davies_bouldin_score(x, segment))}


def main():
    global ENGINE_CENTRES
    ENGINE_CENTRES = json.loads((HERE / 'engine-centres.json').read_text())
    people = b2c()
    oracles = {
        'psychographic': clustering('psychographic', people, 'customer_id', 6, 7, ITEMS),
        'needs-based': clustering('needs-based', people, 'customer_id', 3, 11, ['need_price', 'need_convenience', 'need_quality']),
        'technographic': clustering('technographic', people, 'customer_id', 4, 5, ['sessions_30d', 'email_opens_30d'], ['sessions_30d'], ['device', 'os', 'channel']),
        'behavioural': clustering('behavioural', buying_habits(), 'customer_id', 5, 3,
                                  ['orders', 'basket_value', 'categories', 'store_share', 'sale_season_share'], ['orders', 'basket_value']),
        'kmeans-end-to-end': clustering('kmeans-end-to-end', customer_rfm(), 'customer_id', 4, 42, ['recency_days', 'orders', 'spend'], ['orders', 'spend']),
        'a-priori': a_priori_silhouette(),
    }
    (HERE / 'example-oracles.json').write_text(json.dumps(oracles, indent=1) + '\n')


if __name__ == '__main__':
    main()
