package dev.gauntlet.verifier.math.compare;

import dev.gauntlet.verifier.math.number.Value;
import dev.gauntlet.verifier.math.parse.Node;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A subset of the real line: intervals (with infinite ends) and isolated points. */
record SetShape(List<Span> spans, List<Value> points) {

	/** One interval; a null end is infinite. */
	record Span(@Nullable Value low, @Nullable Value high, boolean lowClosed, boolean highClosed) {}

	/** The shape of an interval, union, open pair {@code (a,b)} or finite set; null otherwise. */
	static @Nullable SetShape of(Node node, ScalarComparison scalars) {
		List<Span> spans = new ArrayList<>();
		List<Value> points = new ArrayList<>();
		return collect(node, scalars, spans, points) ? new SetShape(spans, points) : null;
	}

	private static boolean collect(Node node, ScalarComparison scalars, List<Span> spans, List<Value> points) {
		switch (node) {
			case Node.Membership m -> {
				return collect(m.set(), scalars, spans, points);
			}
			case Node.Union u -> {
				for (Node part : u.parts()) {
					if (!collect(part, scalars, spans, points)) {
						return false;
					}
				}
				return true;
			}
			case Node.Interval i -> {
				return addSpan(i.low(), i.high(), i.lowClosed(), i.highClosed(), scalars, spans);
			}
			case Node.Tuple t when t.items().size() == 2 -> {
				return addSpan(t.items().get(0), t.items().get(1), false, false, scalars, spans);
			}
			case Node.SetOf s -> {
				for (Node item : s.items()) {
					Value v = scalars.valueOf(item);
					if (v == null || !v.isReal()) {
						return false;
					}
					points.add(v);
				}
				return true;
			}
			default -> {
				return false;
			}
		}
	}

	private static boolean addSpan(Node low, Node high, boolean lowClosed, boolean highClosed,
			ScalarComparison scalars, List<Span> spans) {
		Value lo = Nodes.infinitySign(low) == -1 ? null : scalars.valueOf(low);
		Value hi = Nodes.infinitySign(high) == 1 ? null : scalars.valueOf(high);
		if ((lo == null && Nodes.infinitySign(low) != -1) || (hi == null && Nodes.infinitySign(high) != 1)) {
			return false;
		}
		if ((lo != null && !lo.approx().isFinite()) || (hi != null && !hi.approx().isFinite())) {
			return false;
		}
		spans.add(new Span(lo, hi, lowClosed, highClosed));
		return true;
	}

	List<Value> boundaryValues() {
		List<Value> out = new ArrayList<>(points);
		for (Span s : spans) {
			if (s.low() != null) {
				out.add(s.low());
			}
			if (s.high() != null) {
				out.add(s.high());
			}
		}
		return out;
	}

	boolean contains(Value t, ScalarComparison scalars) {
		for (Value p : points) {
			if (scalars.compare(t, p) == 0) {
				return true;
			}
		}
		for (Span s : spans) {
			boolean aboveLow = s.low() == null || compareWith(t, s.low(), s.lowClosed(), scalars, true);
			boolean belowHigh = s.high() == null || compareWith(t, s.high(), s.highClosed(), scalars, false);
			if (aboveLow && belowHigh) {
				return true;
			}
		}
		return false;
	}

	private static boolean compareWith(Value t, Value end, boolean closed, ScalarComparison scalars, boolean low) {
		int c = scalars.compare(t, end);
		return c == 0 ? closed : (low ? c > 0 : c < 0);
	}
}
