"""The tracker on a real Jinja environment: which objects a render read."""

from __future__ import annotations

from incremental.track import Tracker
from jinja2 import Environment


class Essay:
    def __init__(self, title: str, summary: str) -> None:
        self.title, self.summary = title, summary


def test_only_wanted_reads_are_noted_through_attributes_items_and_filters():
    env = Environment()
    tracker = Tracker(lambda obj, attribute: isinstance(obj, Essay) and attribute != "title")
    tracker.watch(env)
    tracker.watch(env)  # a second watch does not wrap twice
    a, b, c = Essay("A", "first"), Essay("B", "second"), Essay("C", "third")
    listing = env.from_string(
        "{% for e in essays %}{{ e.title }}{% endfor %}|{{ one.summary }}|"
        "{{ (essays | sort(attribute='summary') | first).title }}|{{ two['summary'] }}"
    )
    with tracker.recording() as seen:
        html = listing.render(essays=[c, a], one=a, two=b)
    assert html == "CA|first|A|second"
    # a: summary read; b: item read; c: sorted by summary. Titles alone are not noted.
    assert set(seen.values()) == {a, b, c}
    with tracker.recording() as seen:
        env.from_string("{% for e in essays %}{{ e.title }}{% endfor %}").render(essays=[a, b])
    assert seen == {}


def test_nothing_is_noted_outside_a_recording_and_nested_recordings_add_up():
    env = Environment()
    tracker = Tracker(lambda obj, attribute: isinstance(obj, Essay))
    tracker.watch(env)
    a, b = Essay("A", "x"), Essay("B", "y")
    template = env.from_string("{{ e.summary }}")
    template.render(e=a)
    with tracker.recording() as outer:
        template.render(e=a)
        with tracker.recording() as inner:
            template.render(e=b)
        assert set(inner.values()) == {b}
    assert set(outer.values()) == {a, b}
