"""Themes: clusters of similar inputs within a focus area, each named by its most telling words
and shown with its most typical input.

Within each focus area the inputs' stored vectors are clustered with k-means (k grows with the
square root of the number of inputs, 2 to 8); a theme's words are those frequent in it and rare
in the area's other themes (class-based TF-IDF over words of three letters or more, common
Norwegian function words left out); its typical input is the one nearest its centre.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np
from django.db import transaction
from scipy import sparse

from sammen.processes.models import Process

from . import learning
from .models import Theme
from .suggestions import _features, analysed_inputs, embed_inputs, embedder_name, not_embedded

# An area with fewer inputs than this is not split into themes.
MIN_INPUTS = 6
MAX_THEMES = 8
TERMS = 5
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
# Function words of Bokmål and Nynorsk that would otherwise name every theme.
_STOP_WORDS = """
    alle andre at av bare blir bli ble da de dei deg denne der deres det dette di din disse
    ditt du eg ein eit eller en er et etter for fordi fra før hadde han har hele hen her hva
    hvis hvor hun hvordan ikkje ikke inn jeg kan kanskje kun kunne man mange med meg men mer
    mest min mitt mot må ned noe noen nok når og også om oss over på sin sitt skal skulle slik
    som så til uten ut var vi vil ville være vært vår våre ved hos mye mer kva korleis ogso
    dei deira dykk me mykje berre enn enda selv sjølv sånn godt gjøre bør burde
    """
STOP_WORDS = frozenset(_STOP_WORDS.split())


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]


def theme_count(n: int) -> int:
    return max(2, min(MAX_THEMES, round(math.sqrt(n / 3))))


def label_terms(texts_by_cluster: list[list[str]], top: int = TERMS) -> list[list[str]]:
    """Each cluster's words ranked by class-based TF-IDF: frequent in the cluster, rare in the
    others. A cluster whose texts have no words gets none."""
    counts = [Counter(w for text in texts for w in words(text)) for texts in texts_by_cluster]
    total = Counter()
    for c in counts:
        total.update(c)
    mean_words = max(1.0, sum(total.values()) / max(1, len(counts)))
    ranked = []
    for c in counts:
        size = max(1, sum(c.values()))
        scores = {
            w: (n / size) * math.log(1 + mean_words / total[w]) * (1 if n > 1 else 0.5)
            for w, n in c.items()
        }
        ranked.append([w for w, _ in sorted(scores.items(), key=lambda x: (-x[1], x[0]))[:top]])
    return ranked


def cluster(features, k: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(cluster of each row, index of each cluster's most typical row)."""
    from sklearn.cluster import KMeans

    rows = learning.centred(features)
    if sparse.issparse(rows):
        rows = rows.toarray() if rows.shape[1] <= 4096 else rows
    model = KMeans(n_clusters=k, n_init=4, random_state=seed).fit(rows)
    distances = model.transform(rows)
    typical = np.array(
        [
            int(np.flatnonzero(model.labels_ == c)[distances[model.labels_ == c, c].argmin()])
            if (model.labels_ == c).any()
            else -1
            for c in range(k)
        ]
    )
    return model.labels_, typical


def find_themes(process: Process) -> list[Theme]:
    """Cluster each focus area's inputs anew and store the themes (the old ones go)."""
    name = embedder_name()
    found: list[tuple[Theme, list[int]]] = []
    for area in process.focus_areas.all():
        items = list(
            analysed_inputs(process.pk)
            .filter(focus_areas=area)
            .order_by("id")
            .values_list("id", "text")
        )
        if len(items) < MIN_INPUTS:
            continue
        ids = [pk for pk, _ in items]
        embed_inputs(not_embedded(analysed_inputs(process.pk).filter(pk__in=ids), name), name)
        labels, typical = cluster(_features(ids, name), theme_count(len(ids)))
        groups = [np.flatnonzero(labels == c) for c in range(labels.max() + 1)]
        terms = label_terms([[items[i][1] for i in group] for group in groups])
        ranked = sorted(range(len(groups)), key=lambda c: -len(groups[c]))
        for order, c in enumerate(ranked):
            if not len(groups[c]):
                continue
            theme = Theme(
                process=process,
                focus_area=area,
                order=order,
                terms=terms[c],
                representative_id=ids[typical[c]] if typical[c] >= 0 else None,
            )
            found.append((theme, [ids[i] for i in groups[c]]))
    with transaction.atomic():
        Theme.objects.filter(process=process).delete()
        Theme.objects.bulk_create([theme for theme, _ in found])
        link = Theme.inputs.through
        link.objects.bulk_create(
            link(theme_id=theme.pk, input_id=pk) for theme, members in found for pk in members
        )
    return [theme for theme, _ in found]
