"""Merging the pieces of a long document read piece by piece.

Each piece was extracted as a document of its own, with offsets from its own
start and keys of its own. The merge shifts the offsets, makes the keys unique
(``p2.e4``) and folds entities of the same name and kind into the first one.
"""

from __future__ import annotations

from dataclasses import replace

from kg.model import Document, Span


def _shift(span: Span, offset: int) -> Span:
    return Span(span.start + offset, span.end + offset, span.text)


def merge_parts(document: Document, parts: list[tuple[int, Document]]) -> Document:
    """One document holding everything read from its pieces."""
    merged = Document(id=document.id, text=document.text, title=document.title,
                      published=document.published, url=document.url, file_name=document.file_name)
    by_name: dict[tuple[str, str], str] = {}
    for index, (offset, part) in enumerate(parts):
        merged.sentences.extend(_shift(sentence, offset) for sentence in part.sentences)
        keys: dict[str, str] = {}
        added = []
        for entity in part.entities:
            name = (entity.label, entity.kind)
            mentions = [_shift(m, offset) for m in entity.mentions]
            if name in by_name:
                keys[entity.key] = by_name[name]
                kept = merged.entity(by_name[name])
                assert kept is not None
                kept.mentions.extend(mentions)
                continue
            keys[entity.key] = by_name[name] = f"p{index}.{entity.key}"
            added.append(replace(entity, key=keys[entity.key], mentions=mentions))
            merged.entities.append(added[-1])
        for event in part.events:
            keys[event.key] = f"p{index}.{event.key}"
        for claim in part.claims:
            keys[claim.key] = f"p{index}.{claim.key}"

        def key(old: str | None, keys: dict[str, str] = keys) -> str | None:
            return keys.get(old, old) if old else None

        for entity in added:
            entity.within = key(entity.within)
            entity.affiliation = key(entity.affiliation)
        for event in part.events:
            merged.events.append(replace(
                event,
                key=keys[event.key],
                trigger=_shift(event.trigger, offset),
                mentions=[_shift(m, offset) for m in event.mentions],
                agent=key(event.agent), opponent=key(event.opponent), target=key(event.target),
                place=key(event.place), captured_from=key(event.captured_from),
                addressee=key(event.addressee), topic=key(event.topic), claim=key(event.claim),
                source=key(event.source),
                figures=[replace(f, victims=key(f.victims), span=_shift(f.span, offset) if f.span else None)
                         for f in event.figures],
            ))
        for claim in part.claims:
            merged.claims.append(replace(claim, key=keys[claim.key], claimant=key(claim.claimant),
                                         event=key(claim.event), span=_shift(claim.span, offset)))
        merged.alliances.extend((key(a) or a, key(b) or b) for a, b in part.alliances)
    return merged
