"""stance's numpy scorer reproduces the scikit-learn pipeline it was exported from."""

from __future__ import annotations

import numpy as np

from stance.training import corpus_items


def test_probabilities_equal_scikit_learn_on_the_whole_corpus(quick_fit, quick_model, corpus_records) -> None:
    items = corpus_items(corpus_records)
    stance_ours, topics_ours = quick_model._probabilities([i.text for i in items], [i.context for i in items])
    assert np.abs(stance_ours - quick_fit.stance_proba(items)).max() < 1e-9
    assert np.abs(topics_ours - quick_fit.topic_proba(items)).max() < 1e-9


def test_scorer_cache_does_not_change_results(quick_model) -> None:
    texts = ["Sign the petition today.", "Shares rose 3.2% on Tuesday.", "This is not tax advice."]
    first = quick_model.predict_proba(texts)
    again = quick_model.predict_proba(texts[::-1])[::-1]
    assert np.array_equal(first, again)


def test_document_topics_equal_scikit_learn(quick_fit, quick_model, corpus_records) -> None:
    from stance.training import corpus_documents

    documents = [d for d in corpus_documents(corpus_records)[0] if len(d) >= 3][:300]
    ours = np.array([[quick_model.document_topic_scores(d)[t] for t in quick_fit.topic_ids] for d in documents])
    assert np.abs(ours - quick_fit.document_topic_proba(documents)).max() < 1e-9
