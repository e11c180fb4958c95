"""scikit-learn's metrics for each k of the planted datasets' sweeps, on the same prepared matrix
and the same labels (written by export-labels.ts). Prints the JSON fixture the k-choice tests read.

    /usr/bin/python3 test/engine/k-choice/sklearn-metrics.py /tmp/k-choice > test/engine/k-choice/sklearn-metrics.json
"""
import json
import pathlib
import sys

import numpy as np
import sklearn
from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score, silhouette_score


def measure(path):
    data = json.loads(path.read_text())
    x = np.asarray(data["matrix"], dtype=float)
    ks = sorted(int(k) for k in data["labels"])
    out = {"n": int(x.shape[0]), "d": int(x.shape[1]), "k": ks, "inertia": [], "silhouette": [], "davies_bouldin": [], "calinski_harabasz": []}
    for k in ks:
        labels = np.asarray(data["labels"][str(k)])
        centres = np.stack([x[labels == j].mean(axis=0) for j in range(k)])
        out["inertia"].append(float(((x - centres[labels]) ** 2).sum()))
        out["silhouette"].append(float(silhouette_score(x, labels)))
        out["davies_bouldin"].append(float(davies_bouldin_score(x, labels)))
        out["calinski_harabasz"].append(float(calinski_harabasz_score(x, labels)))
    return data["name"], out


def main():
    folder = pathlib.Path(sys.argv[1])
    result = {"sklearn": sklearn.__version__, "datasets": dict(measure(p) for p in sorted(folder.glob("*.json")))}
    json.dump(result, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
