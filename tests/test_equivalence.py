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


def test_cache_reset_between_batches_does_not_change_results(quick_model, monkeypatch) -> None:
    """Emptying the chunk cache between batches changes no result."""
    from stance.pipeline import label_chunks

    text = "\n".join(f"Row {i}: the {i}th striker scored twice; fans sang {i * 7} songs." for i in range(40))
    expected = [(p.label, p.scores, p.topics) for p in quick_model.label(text, unit="line")]
    monkeypatch.setattr("stance.scorer._CACHE_LIMIT", 5)
    batched = [p for batch in label_chunks(quick_model, [text], unit="line", batch_size=3) for p in batch]
    assert [(p.label, p.scores, p.topics) for p in batched] == expected
