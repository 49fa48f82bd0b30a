package dev.gauntlet.verifier.math.compare;

import dev.gauntlet.verifier.math.budget.Deadline;
import dev.gauntlet.verifier.math.number.Value;
import dev.gauntlet.verifier.math.number.Value.Exact;
import dev.gauntlet.verifier.math.number.ValueMath;
import dev.gauntlet.verifier.math.parse.Node;
import dev.gauntlet.verifier.math.parse.RelOp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Equations and inequalities, compared as relations rather than reduced to one side.
 *
 * <p>Each link {@code a op b} becomes {@code a - b op 0} with {@code >} and {@code ≥} flipped.
 * Two links are the same relation when their differences are proportional at every sample
 * point: by a nonzero factor for {@code =} and {@code ≠} ({@code y=2x+3} ≡ {@code 2x-y+3=0}),
 * by a positive one for {@code <} and {@code ≤} ({@code x<1} ≡ {@code -x>-1}). Relations in one
 * variable can also be compared by their solution sets, and a gold relation can be matched
 * against a predicted set ({@link #matchesSet}).
 */
final class RelationComparison {

	private record Link(Node difference, RelOp op) {}

	private final ScalarComparison scalars;
	private final Deadline deadline;

	RelationComparison(ScalarComparison scalars, Deadline deadline) {
		this.scalars = scalars;
		this.deadline = deadline;
	}

	boolean equal(Node.Relation gold, Node.Relation pred) {
		List<Link> g = links(gold);
		List<Link> p = links(pred);
		if (g.size() == p.size()) {
			if (linksEqual(g, p)) {
				return true;
			}
			List<Link> reversed = new ArrayList<>(p);
			Collections.reverse(reversed);
			if (linksEqual(g, reversed)) {
				return true;
			}
		}
		if (isInequality(gold) && isInequality(pred)) {
			Set<String> vars = new TreeSet<>(Nodes.freeSymbols(gold));
			vars.addAll(Nodes.freeSymbols(pred));
			if (vars.size() == 1) {
				return sameSolutionSet(gold, pred);
			}
		}
		return false;
	}

	private static boolean isInequality(Node.Relation r) {
		return r.ops().stream().noneMatch(op -> op == RelOp.EQ || op == RelOp.NE);
	}

	private static List<Link> links(Node.Relation r) {
		List<Link> out = new ArrayList<>();
		for (int i = 0; i < r.ops().size(); i++) {
			Node a = r.operands().get(i);
			Node b = r.operands().get(i + 1);
			RelOp op = r.ops().get(i);
			if (op == RelOp.GT || op == RelOp.GE) {
				out.add(new Link(new Node.Sub(b, a), op.flipped()));
			} else {
				out.add(new Link(new Node.Sub(a, b), op));
			}
		}
		return out;
	}

	private boolean linksEqual(List<Link> g, List<Link> p) {
		for (int i = 0; i < g.size(); i++) {
			Link a = g.get(i);
			Link b = p.get(i);
			if (a.op() != b.op()) {
				return false;
			}
			boolean positive = a.op() == RelOp.LT || a.op() == RelOp.LE;
			if (!proportional(a.difference(), b.difference(), positive)) {
				return false;
			}
		}
		return true;
	}

	/** Whether gold = c·pred for one constant c ≠ 0 (c > 0 when {@code positive}). */
	private boolean proportional(Node gold, Node pred, boolean positive) {
		Set<String> vars = new TreeSet<>(Nodes.freeSymbols(gold));
		vars.addAll(Nodes.freeSymbols(pred));
		List<Map<String, Value>> points = vars.isEmpty() ? List.of(Map.of()) : scalars.samplePoints(vars);
		Value ratio = null;
		for (Map<String, Value> point : points) {
			Value a = scalars.valueAt(gold, point);
			Value b = scalars.valueAt(pred, point);
			if (a == null || b == null) {
				return false;
			}
			if (!a.approx().isFinite() || !b.approx().isFinite()) {
				if (!(a instanceof Exact && b instanceof Exact)) {
					continue;
				}
			}
			boolean zeroA = scalars.isZero(a);
			boolean zeroB = scalars.isZero(b);
			if (zeroA && zeroB) {
				continue;
			}
			if (zeroA != zeroB) {
				return false;
			}
			Value r = ValueMath.divide(a, b);
			if (ratio == null) {
				if (!r.isReal() || (positive && scalars.compare(r, Value.of(0)) <= 0)) {
					return false;
				}
				ratio = r;
			} else if (!Boolean.TRUE.equals(scalars.valuesEqual(ratio, r))) {
				return false;
			}
		}
		return true;
	}

	private boolean sameSolutionSet(Node.Relation gold, Node.Relation pred) {
		String var = Nodes.freeSymbols(gold).isEmpty()
				? Nodes.freeSymbols(pred).iterator().next() : Nodes.freeSymbols(gold).iterator().next();
		List<Value> candidates = new ArrayList<>();
		addConstants(gold, candidates);
		addConstants(pred, candidates);
		for (Value t : testPoints(candidates)) {
			Boolean a = holds(gold, var, t);
			Boolean b = holds(pred, var, t);
			if (a == null || b == null || !a.equals(b)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether a relation in one unknown describes the given set: {@code 0<f(x)<1} and
	 * {@code (0,1)}; {@code 1≤|z|≤3/2} and {@code [-3/2,-1]∪[1,3/2]}; {@code m≥√2} and
	 * {@code [√2,∞)}. Decided by testing membership at every endpoint and constant, at the
	 * midpoints between them and beyond both ends.
	 */
	boolean matchesSet(Node.Relation relation, Node set) {
		Node.Relation r = opaqueCallsAsVariable(relation);
		Set<String> vars = Nodes.freeSymbols(r);
		if (vars.size() != 1) {
			return false;
		}
		SetShape shape = SetShape.of(set, scalars);
		if (shape == null) {
			return false;
		}
		String var = vars.iterator().next();
		List<Value> candidates = new ArrayList<>(shape.boundaryValues());
		addConstants(r, candidates);
		for (Value t : testPoints(candidates)) {
			Boolean inRelation = holds(r, var, t);
			if (inRelation == null || inRelation != shape.contains(t, scalars)) {
				return false;
			}
		}
		return true;
	}

	private static Node.Relation opaqueCallsAsVariable(Node.Relation r) {
		List<Node> operands = r.operands().stream()
				.map(o -> o instanceof Node.Applied ? (Node) new Node.Sym("§" + o) : o).toList();
		return new Node.Relation(operands, r.ops());
	}

	private void addConstants(Node.Relation r, List<Value> out) {
		for (Node operand : r.operands()) {
			if (Nodes.freeSymbols(operand).isEmpty()) {
				Value v = scalars.valueOf(operand);
				if (v != null && v.isReal() && v.approx().isFinite()) {
					out.add(v);
					out.add(ValueMath.negate(v));
				}
			}
		}
	}

	private List<Value> testPoints(List<Value> candidates) {
		List<Value> sorted = new ArrayList<>();
		for (Value c : candidates) {
			if (c.isReal() && c.approx().isFinite() && sorted.stream().noneMatch(s -> scalars.compare(s, c) == 0)) {
				sorted.add(c);
			}
		}
		sorted.sort(scalars::compare);
		if (sorted.isEmpty()) {
			return List.of(Value.of(-1), Value.of(0), Value.of(1));
		}
		List<Value> points = new ArrayList<>();
		points.add(ValueMath.subtract(sorted.getFirst(), Value.of(1)));
		for (int i = 0; i < sorted.size(); i++) {
			deadline.tick();
			points.add(sorted.get(i));
			if (i + 1 < sorted.size()) {
				points.add(scalars.midpoint(sorted.get(i), sorted.get(i + 1)));
			}
		}
		points.add(ValueMath.add(sorted.getLast(), Value.of(1)));
		points.add(ValueMath.add(sorted.getLast(), Value.of(1_000_003)));
		points.add(ValueMath.subtract(sorted.getFirst(), Value.of(1_000_003)));
		return points;
	}

	/** Truth of every link of the chain at var = t; null when undefined there. */
	private @Nullable Boolean holds(Node.Relation r, String var, Value t) {
		Map<String, Value> point = Map.of(var, t);
		for (Link link : links(r)) {
			Value d = scalars.valueAt(link.difference(), point);
			if (d == null || !d.approx().isFinite() && !(d instanceof Exact)) {
				return null;
			}
			if (!d.isReal()) {
				return false;
			}
			int sign = scalars.isZero(d) ? 0 : scalars.compare(d, Value.of(0));
			boolean ok = switch (link.op()) {
				case EQ -> sign == 0;
				case NE -> sign != 0;
				case LT -> sign < 0;
				case LE -> sign <= 0;
				case GT -> sign > 0;
				case GE -> sign >= 0;
			};
			if (!ok) {
				return false;
			}
		}
		return true;
	}
}
