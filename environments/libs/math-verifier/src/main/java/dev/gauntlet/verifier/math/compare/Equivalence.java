package dev.gauntlet.verifier.math.compare;

import dev.gauntlet.verifier.math.budget.Deadline;
import dev.gauntlet.verifier.math.number.Value;
import dev.gauntlet.verifier.math.parse.Node;
import dev.gauntlet.verifier.math.parse.RelOp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Whether a predicted answer is equivalent to the gold one. The relation is asymmetric: gold
 * comes first, and some readings are only granted to one side (see {@link #equivalent}).
 */
public final class Equivalence {

	private final CompareOptions options;
	private final Deadline deadline;
	private final ScalarComparison scalars;
	private final RelationComparison relations;

	public Equivalence(CompareOptions options, Deadline deadline) {
		this.options = options;
		this.deadline = deadline;
		this.scalars = new ScalarComparison(options, deadline);
		this.relations = new RelationComparison(scalars, deadline);
	}

	/**
	 * Tries every reading of both answers; any match counts. Besides the answers as written:
	 * a gold assignment ({@code x = 5}) also stands for its value, and when the gold is not a
	 * relation a predicted equation chain stands for its last side ({@code k = 1/3},
	 * {@code x = 5+5+1 = 11}). A gold equation that is not an assignment ({@code 7 = 11a+c}) is
	 * never reduced to one side.
	 */
	public boolean equivalent(Node gold, Node pred) {
		Node g = Nodes.expandPlusMinus(Nodes.withoutMembership(gold));
		Node p = Nodes.expandPlusMinus(Nodes.withoutMembership(pred));
		for (Node goldForm : readings(g, null)) {
			for (Node predForm : readings(p, goldForm)) {
				if (matches(goldForm, predForm)) {
					return true;
				}
			}
		}
		return false;
	}

	private static List<Node> readings(Node node, @Nullable Node goldForm) {
		List<Node> out = new ArrayList<>(2);
		out.add(node);
		if (goldForm == null) {
			Node value = Nodes.assignedValue(node);
			if (value != null) {
				out.add(Nodes.expandPlusMinus(value));
			}
		} else if (!(goldForm instanceof Node.Relation) && node instanceof Node.Relation r
				&& r.ops().stream().allMatch(op -> op == RelOp.EQ)) {
			out.add(Nodes.expandPlusMinus(r.operands().getLast()));
		}
		return out;
	}

	boolean matches(Node gold, Node pred) {
		deadline.tick();
		gold = Nodes.withoutMembership(gold);
		pred = Nodes.withoutMembership(pred);
		if (gold instanceof Node.Relation g) {
			if (pred instanceof Node.Relation p) {
				return relations.equal(g, p);
			}
			return isSetLike(pred) && relations.matchesSet(g, pred);
		}
		if (pred instanceof Node.Relation p) {
			// Anti-reward-hack: a predicted inequality does not answer "give the set" unless allowed.
			return options.allowSetRelationComparison() && isSetLike(gold) && relations.matchesSet(p, gold);
		}
		if (gold instanceof Node.SetOf g) {
			return switch (pred) {
				case Node.SetOf p -> unorderedEqual(g.items(), p.items());
				case Node.Tuple p when !g.braced() -> unorderedEqual(g.items(), p.items());
				default -> distinct(g.items()).size() == 1 && matches(g.items().getFirst(), pred);
			};
		}
		if (pred instanceof Node.SetOf p) {
			if (gold instanceof Node.Tuple g && !p.braced()) {
				return orderedEqual(g.items(), p.items());
			}
			List<Node> items = distinct(p.items());
			return items.size() == 1 && matches(gold, items.getFirst());
		}
		if (gold instanceof Node.Tuple g) {
			return switch (pred) {
				case Node.Tuple p -> orderedEqual(g.items(), p.items());
				case Node.Interval p -> g.items().size() == 2 && intervalsEqual(gold, pred);
				case Node.Matrix p -> vectorEqual(p, g.items());
				default -> false;
			};
		}
		if (isIntervalLike(gold) || isIntervalLike(pred)) {
			return isIntervalLike(gold) && isIntervalLike(pred) && intervalsEqual(gold, pred);
		}
		List<List<Node>> goldMatrix = matrixOf(gold);
		List<List<Node>> predMatrix = matrixOf(pred);
		if (goldMatrix != null || predMatrix != null) {
			if (goldMatrix != null && pred instanceof Node.Tuple t) {
				return vectorEqual(new Node.Matrix(goldMatrix), t.items());
			}
			return goldMatrix != null && predMatrix != null && matricesEqual(goldMatrix, predMatrix);
		}
		if (gold instanceof Node.Text || pred instanceof Node.Text) {
			return textEqual(gold, pred);
		}
		if (gold instanceof Node.BaseNumeral || pred instanceof Node.BaseNumeral) {
			return baseNumeralEqual(gold, pred);
		}
		if (gold instanceof Node.Ratio g) {
			return ratioEqual(g, pred);
		}
		if (pred instanceof Node.Ratio p) {
			return ratioEqual(p, gold);
		}
		return scalars.equal(gold, pred);
	}

	// ---- lists, sets, tuples --------------------------------------------------------------

	private boolean orderedEqual(List<Node> gold, List<Node> pred) {
		if (gold.size() != pred.size()) {
			return false;
		}
		for (int i = 0; i < gold.size(); i++) {
			if (!matches(Nodes.stripAssignment(gold.get(i)), Nodes.stripAssignment(pred.get(i)))) {
				return false;
			}
		}
		return true;
	}

	/** Set equality: duplicates ignored, then a one-to-one matching of the distinct elements. */
	private boolean unorderedEqual(List<Node> gold, List<Node> pred) {
		List<Node> g = distinct(gold.stream().map(Nodes::stripAssignment).toList());
		List<Node> p = distinct(pred.stream().map(Nodes::stripAssignment).toList());
		if (g.size() != p.size()) {
			return false;
		}
		return assign(g, p, 0, new boolean[p.size()]);
	}

	private boolean assign(List<Node> gold, List<Node> pred, int index, boolean[] used) {
		if (index == gold.size()) {
			return true;
		}
		for (int j = 0; j < pred.size(); j++) {
			if (!used[j] && matches(gold.get(index), pred.get(j))) {
				used[j] = true;
				if (assign(gold, pred, index + 1, used)) {
					return true;
				}
				used[j] = false;
				if (gold.size() > 8) {
					return false; // no backtracking on long lists: equivalence classes are disjoint in practice
				}
			}
		}
		return false;
	}

	private List<Node> distinct(List<Node> items) {
		List<Node> out = new ArrayList<>();
		for (Node item : items) {
			boolean seen = false;
			for (Node kept : out) {
				if (kept.equals(item) || matches(kept, item)) {
					seen = true;
					break;
				}
			}
			if (!seen) {
				out.add(item);
			}
		}
		return out;
	}

	// ---- intervals ------------------------------------------------------------------------

	private static boolean isSetLike(Node n) {
		return isIntervalLike(n) || n instanceof Node.Tuple t && t.items().size() == 2
				|| n instanceof Node.SetOf;
	}

	private static boolean isIntervalLike(Node n) {
		return n instanceof Node.Interval || n instanceof Node.Union;
	}

	private record Span(Node low, Node high, boolean lowClosed, boolean highClosed) {}

	private boolean intervalsEqual(Node gold, Node pred) {
		List<Span> g = spans(gold);
		List<Span> p = spans(pred);
		if (g == null || p == null || g.size() != p.size()) {
			return false;
		}
		sortSpans(g);
		sortSpans(p);
		for (int i = 0; i < g.size(); i++) {
			Span a = g.get(i);
			Span b = p.get(i);
			if (a.lowClosed() != b.lowClosed() || a.highClosed() != b.highClosed()
					|| !endpointEqual(a.low(), b.low()) || !endpointEqual(a.high(), b.high())) {
				return false;
			}
		}
		return true;
	}

	private static @Nullable List<Span> spans(Node n) {
		List<Span> out = new ArrayList<>();
		List<Node> parts = n instanceof Node.Union u ? u.parts() : List.of(n);
		for (Node part : parts) {
			switch (part) {
				case Node.Interval i -> out.add(new Span(i.low(), i.high(), i.lowClosed(), i.highClosed()));
				case Node.Tuple t when t.items().size() == 2 -> out.add(new Span(t.items().get(0), t.items().get(1), false, false));
				default -> {
					return null;
				}
			}
		}
		return out;
	}

	private void sortSpans(List<Span> spans) {
		if (spans.size() < 2) {
			return;
		}
		List<Double> keys = new ArrayList<>();
		for (Span s : spans) {
			int inf = Nodes.infinitySign(s.low());
			Value v = inf != 0 ? null : scalars.valueOf(s.low());
			keys.add(inf != 0 ? inf * Double.MAX_VALUE : v == null ? Double.NaN : v.approx().re());
		}
		if (keys.stream().anyMatch(k -> k.isNaN())) {
			return; // symbolic endpoints: keep the written order
		}
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < spans.size(); i++) {
			order.add(i);
		}
		order.sort(Comparator.comparing(keys::get));
		List<Span> sorted = order.stream().map(spans::get).toList();
		spans.clear();
		spans.addAll(sorted);
	}

	private boolean endpointEqual(Node gold, Node pred) {
		int g = Nodes.infinitySign(gold);
		int p = Nodes.infinitySign(pred);
		if (g != 0 || p != 0) {
			return g == p;
		}
		return scalars.equal(gold, pred);
	}

	// ---- matrices -------------------------------------------------------------------------

	/** The entries of a matrix, or of a sum, difference or product of matrices; null for others. */
	private static @Nullable List<List<Node>> matrixOf(Node n) {
		return switch (n) {
			case Node.Matrix m -> m.rows();
			case Node.Neg g -> map(matrixOf(g.operand()), Node.Neg::new);
			case Node.Add a -> elementwise(matrixOf(a.left()), matrixOf(a.right()), Node.Add::new);
			case Node.Sub a -> elementwise(matrixOf(a.left()), matrixOf(a.right()), Node.Sub::new);
			case Node.Mul m -> product(m.left(), m.right());
			default -> null;
		};
	}

	private static @Nullable List<List<Node>> map(@Nullable List<List<Node>> m, java.util.function.UnaryOperator<Node> f) {
		return m == null ? null : m.stream().map(row -> row.stream().map(f).toList()).toList();
	}

	private static @Nullable List<List<Node>> elementwise(@Nullable List<List<Node>> a, @Nullable List<List<Node>> b,
			java.util.function.BinaryOperator<Node> f) {
		if (a == null || b == null || a.size() != b.size() || a.getFirst().size() != b.getFirst().size()) {
			return null;
		}
		List<List<Node>> out = new ArrayList<>();
		for (int i = 0; i < a.size(); i++) {
			List<Node> row = new ArrayList<>();
			for (int j = 0; j < a.get(i).size(); j++) {
				row.add(f.apply(a.get(i).get(j), b.get(i).get(j)));
			}
			out.add(row);
		}
		return out;
	}

	private static @Nullable List<List<Node>> product(Node left, Node right) {
		List<List<Node>> a = matrixOf(left);
		List<List<Node>> b = matrixOf(right);
		if (a != null && b != null) {
			int inner = a.getFirst().size();
			if (inner != b.size() || (long) a.size() * b.getFirst().size() * inner > 10_000) {
				return null;
			}
			List<List<Node>> out = new ArrayList<>();
			for (List<Node> row : a) {
				List<Node> outRow = new ArrayList<>();
				for (int j = 0; j < b.getFirst().size(); j++) {
					Node sum = new Node.Mul(row.getFirst(), b.getFirst().get(j));
					for (int k = 1; k < inner; k++) {
						sum = new Node.Add(sum, new Node.Mul(row.get(k), b.get(k).get(j)));
					}
					outRow.add(sum);
				}
				out.add(outRow);
			}
			return out;
		}
		if (a != null && isScalarShaped(right)) {
			return map(a, e -> new Node.Mul(e, right));
		}
		if (b != null && isScalarShaped(left)) {
			return map(b, e -> new Node.Mul(left, e));
		}
		return null;
	}

	private static boolean isScalarShaped(Node n) {
		return !(n instanceof Node.Tuple || n instanceof Node.SetOf || n instanceof Node.Interval
				|| n instanceof Node.Union || n instanceof Node.Relation || n instanceof Node.Text);
	}

	private boolean matricesEqual(List<List<Node>> gold, List<List<Node>> pred) {
		if (gold.size() != pred.size() || gold.getFirst().size() != pred.getFirst().size()) {
			return false;
		}
		for (int i = 0; i < gold.size(); i++) {
			for (int j = 0; j < gold.get(i).size(); j++) {
				if (!matches(gold.get(i).get(j), pred.get(i).get(j))) {
					return false;
				}
			}
		}
		return true;
	}

	/** A column or row vector written as a matrix equals the same entries written as a tuple. */
	private boolean vectorEqual(Node.Matrix matrix, List<Node> items) {
		List<List<Node>> rows = matrix.rows();
		List<Node> entries;
		if (rows.getFirst().size() == 1) {
			entries = rows.stream().map(List::getFirst).toList();
		} else if (rows.size() == 1) {
			entries = rows.getFirst();
		} else {
			return false;
		}
		return orderedEqual(entries, items);
	}

	// ---- text, bases, ratios --------------------------------------------------------------

	private static boolean textEqual(Node gold, Node pred) {
		String g = textOf(gold);
		String p = textOf(pred);
		return g != null && g.equals(p);
	}

	private static @Nullable String textOf(Node n) {
		return switch (n) {
			case Node.Text t -> t.normalized().replace(" ", "");
			// A bare letter may be an option letter: \text{C} vs C.
			case Node.Sym s when s.name().length() == 1 -> s.name().toLowerCase(Locale.ROOT);
			default -> null;
		};
	}

	private static boolean baseNumeralEqual(Node gold, Node pred) {
		String g = digitsOf(gold);
		String p = digitsOf(pred);
		if (gold instanceof Node.BaseNumeral a && pred instanceof Node.BaseNumeral b && a.base() != b.base()) {
			return false;
		}
		return g != null && g.equalsIgnoreCase(p == null ? "" : p);
	}

	/** The digits of a numeral in any base; an integer written without a base is taken as digits. */
	private static @Nullable String digitsOf(Node n) {
		return switch (n) {
			case Node.BaseNumeral b -> b.digits();
			case Node.Num num when num.decimals() < 0 -> num.value().toString();
			default -> null;
		};
	}

	/**
	 * {@code a:b} equals {@code c:d} when a·d = b·c, but a zero second part must match exactly
	 * so that the clock times {@code 12:00} and {@code 1:00} stay different.
	 */
	private boolean ratioEqual(Node.Ratio ratio, Node other) {
		if (other instanceof Node.Ratio o) {
			Value b = scalars.valueOf(ratio.right());
			Value d = scalars.valueOf(o.right());
			if (b == null || d == null || scalars.isZero(b) || scalars.isZero(d)) {
				return scalars.equal(ratio.left(), o.left()) && scalars.equal(ratio.right(), o.right());
			}
			return scalars.equal(new Node.Div(ratio.left(), ratio.right()), new Node.Div(o.left(), o.right()));
		}
		return scalars.equal(new Node.Div(ratio.left(), ratio.right()), other);
	}
}
