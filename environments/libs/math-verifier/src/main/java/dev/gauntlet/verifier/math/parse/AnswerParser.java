package dev.gauntlet.verifier.math.parse;

import dev.gauntlet.verifier.math.budget.Deadline;
import dev.gauntlet.verifier.math.number.BigRational;
import dev.gauntlet.verifier.math.parse.Node.Call;
import dev.gauntlet.verifier.math.parse.Node.Const;
import dev.gauntlet.verifier.math.parse.Node.Constant;
import dev.gauntlet.verifier.math.parse.Node.Num;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A recursive-descent parser for answers written in LaTeX or plain text, after {@link Normalizer}.
 *
 * <p>Precedence, lowest first: {@code ,}/{@code ;} lists, relation chains and {@code \in},
 * {@code \cup}, sums and {@code \pm}, products (explicit, implicit and {@code :}), unary signs,
 * powers, postfix {@code ! % °}, primaries. Nesting deeper than {@value #MAX_DEPTH} is rejected
 * rather than risking the stack.
 */
public final class AnswerParser {

	static final int MAX_DEPTH = 64;
	/** Caps the tree size, and with it the recursion depth of everything that walks the tree. */
	static final int MAX_NODES = 12_000;
	public static final int MAX_LENGTH = 20_000;
	private static final int MAX_ITEMS = 2_000;

	private static final Map<String, Fn> FUNCTIONS = Map.ofEntries(
			Map.entry("sin", Fn.SIN), Map.entry("cos", Fn.COS), Map.entry("tan", Fn.TAN),
			Map.entry("sec", Fn.SEC), Map.entry("csc", Fn.CSC), Map.entry("cot", Fn.COT),
			Map.entry("arcsin", Fn.ASIN), Map.entry("arccos", Fn.ACOS), Map.entry("arctan", Fn.ATAN),
			Map.entry("sinh", Fn.SINH), Map.entry("cosh", Fn.COSH), Map.entry("tanh", Fn.TANH),
			Map.entry("ln", Fn.LN), Map.entry("log", Fn.LOG), Map.entry("exp", Fn.EXP),
			Map.entry("sqrt", Fn.SQRT), Map.entry("abs", Fn.ABS));
	private static final Set<String> TEXT_COMMANDS = Set.of(
			"text", "textbf", "textit", "textrm", "textnormal", "textsf", "texttt", "mbox", "mathrm",
			"mathbf", "mathit", "mathsf", "mathtt", "operatorname", "mathnormal", "boldsymbol");
	private static final Set<String> GREEK = Set.of(
			"alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
			"vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "rho", "sigma", "tau", "upsilon",
			"phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Sigma",
			"Phi", "Psi", "Omega");
	private static final Set<String> MATRIX_ENVIRONMENTS = Set.of(
			"pmatrix", "bmatrix", "Bmatrix", "matrix", "smallmatrix", "array");
	private static final Set<String> UNIT_WORDS = Set.of(
			"cm", "mm", "km", "meter", "meters", "metre", "metres", "inch", "inches", "ft", "feet",
			"foot", "yard", "yards", "mile", "miles", "hour", "hours", "hr", "hrs", "minute", "minutes",
			"min", "mins", "second", "seconds", "day", "days", "week", "weeks", "month", "months", "year",
			"years", "dollar", "dollars", "cent", "cents", "euro", "euros", "unit", "units", "sq",
			"square", "cubic", "gram", "grams", "kg", "pound", "pounds", "lb", "lbs", "ounce", "ounces",
			"oz", "liter", "liters", "litre", "litres", "ml", "gallon", "gallons", "mph", "kmh", "usd",
			"rs", "rupee", "rupees", "points", "point", "ways", "times", "people", "students");
	private static final Pattern WORDS_ONLY = Pattern.compile("[A-Za-z][A-Za-z '\\-]*");

	private final String s;
	private final Deadline deadline;
	private int pos;
	private int depth;
	private int groupDepth;
	private int absDepth;
	private int nodes;

	private AnswerParser(String s, Deadline deadline) {
		this.s = s;
		this.deadline = deadline;
	}

	/** Parses an answer that has already been through {@link Normalizer}. */
	public static Node parse(String normalized, Deadline deadline) throws ParseException {
		if (normalized.isBlank()) {
			throw new ParseException("empty answer");
		}
		if (normalized.length() > MAX_LENGTH) {
			throw new ParseException("answer longer than " + MAX_LENGTH + " characters");
		}
		Node words = asWords(normalized);
		if (words != null) {
			return words;
		}
		AnswerParser parser = new AnswerParser(normalized, deadline);
		try {
			return parser.parseTop();
		} catch (StackOverflowError e) {
			throw new ParseException("answer nested too deeply");
		} catch (ArithmeticException | NumberFormatException e) {
			throw new ParseException("bad number: " + e.getMessage());
		}
	}

	/** A plain-word answer such as {@code Evelyn} or {@code east} is text, not a product of letters. */
	private static @Nullable Node asWords(String s) {
		if (!WORDS_ONLY.matcher(s).matches()) {
			return null;
		}
		for (String word : s.split("[ '\\-]+")) {
			if (word.length() >= 3 && !FUNCTIONS.containsKey(word.toLowerCase(Locale.ROOT))) {
				return text(s);
			}
		}
		return null;
	}

	static Node.Text text(String raw) {
		String t = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 ]", " ").trim().replaceAll("\\s+", " ");
		return new Node.Text(t);
	}

	// ---- lists and relations -------------------------------------------------------------

	private Node parseTop() throws ParseException {
		List<List<Node>> groups = new ArrayList<>();
		List<Node> current = new ArrayList<>();
		while (true) {
			current.add(parseItem());
			checkItems(current);
			skipWs();
			if (eat(',')) {
				continue;
			}
			if (eat(';')) {
				groups.add(current);
				current = new ArrayList<>();
				continue;
			}
			break;
		}
		groups.add(current);
		if (pos < s.length()) {
			throw new ParseException("unexpected '" + s.charAt(pos) + "' at " + pos);
		}
		if (groups.size() == 1) {
			return current.size() == 1 ? current.getFirst() : new Node.SetOf(List.copyOf(current), false);
		}
		List<Node> grouped = new ArrayList<>();
		for (List<Node> g : groups) {
			grouped.add(g.size() == 1 ? g.getFirst() : new Node.Tuple(List.copyOf(g)));
		}
		return new Node.SetOf(grouped, false);
	}

	private void checkItems(List<Node> items) throws ParseException {
		if (items.size() > MAX_ITEMS) {
			throw new ParseException("more than " + MAX_ITEMS + " items");
		}
	}

	private Node parseItem() throws ParseException {
		enter();
		try {
			Node first = parseSetExpression();
			List<Node> operands = new ArrayList<>(List.of(first));
			List<RelOp> ops = new ArrayList<>();
			while (true) {
				skipWs();
				if (eatCommand("in")) {
					Node set = parseSetExpression();
					if (!ops.isEmpty()) {
						throw new ParseException("\\in inside a relation chain");
					}
					return new Node.Membership(first, set);
				}
				RelOp op = readRelOp();
				if (op == null) {
					break;
				}
				ops.add(op);
				operands.add(parseSetExpression());
				checkItems(operands);
			}
			return ops.isEmpty() ? first : new Node.Relation(List.copyOf(operands), List.copyOf(ops));
		} finally {
			depth--;
		}
	}

	private @Nullable RelOp readRelOp() {
		if (eat("<=")) {
			return RelOp.LE;
		}
		if (eat(">=")) {
			return RelOp.GE;
		}
		if (eat("==") || eat('=')) {
			return RelOp.EQ;
		}
		if (eat('<')) {
			return RelOp.LT;
		}
		if (eat('>')) {
			return RelOp.GT;
		}
		if (eatCommand("leqslant") || eatCommand("leq") || eatCommand("le")) {
			return RelOp.LE;
		}
		if (eatCommand("geqslant") || eatCommand("geq") || eatCommand("ge")) {
			return RelOp.GE;
		}
		if (eatCommand("lt")) {
			return RelOp.LT;
		}
		if (eatCommand("gt")) {
			return RelOp.GT;
		}
		if (eatCommand("neq") || eatCommand("ne")) {
			return RelOp.NE;
		}
		return null;
	}

	private Node parseSetExpression() throws ParseException {
		Node first = parseSum();
		skipWs();
		if (!peekCommand("cup")) {
			return first;
		}
		List<Node> parts = new ArrayList<>(List.of(first));
		while (eatCommand("cup")) {
			parts.add(parseSum());
			checkItems(parts);
			skipWs();
		}
		return new Node.Union(List.copyOf(parts));
	}

	// ---- arithmetic ----------------------------------------------------------------------

	private Node parseSum() throws ParseException {
		Node left = parseTerm();
		while (true) {
			deadline.tick();
			countNode();
			skipWs();
			if (eat('+')) {
				left = new Node.Add(left, parseTerm());
			} else if (peek() == '-' && peekAt(1) != '-') {
				pos++;
				left = new Node.Sub(left, parseTerm());
			} else if (eatCommand("pm") || eatCommand("mp")) {
				left = new Node.PlusMinus(left, parseTerm());
			} else {
				return left;
			}
		}
	}

	private Node parseTerm() throws ParseException {
		Node left = parseUnary();
		String unit;
		while (true) {
			deadline.tick();
			countNode();
			skipWs();
			if (peek() == '*' && peekAt(1) != '*') {
				pos++;
				left = new Node.Mul(left, parseUnary());
			} else if (eatCommand("cdot") || eatCommand("times") || eatCommand("ast")) {
				left = new Node.Mul(left, parseUnary());
			} else if (eat('/') || eatCommand("div") || eatCommand("over")) {
				left = new Node.Div(left, parseUnary());
			} else if (peek() == ':' && peekAt(1) != '=') {
				pos++;
				left = new Node.Ratio(left, parseUnary());
			} else if ((unit = skipUnit()) != null) {
				left = applyUnitWord(left, unit);
			} else if (canStartImplicitFactor()) {
				boolean leftIsInteger = left instanceof Num n && n.decimals() < 0;
				boolean rightStartsWithDigit = Character.isDigit(peek()) || peek() == '.';
				if (endsWithNumber(left) && rightStartsWithDigit) {
					throw new ParseException("two numbers in a row at " + pos);
				}
				Node right = parsePower();
				if (leftIsInteger && isIntegerFraction(right)) {
					left = new Node.Add(left, right); // mixed number: 2\frac{1}{2} is 5/2
				} else {
					left = new Node.Mul(left, right);
				}
			} else {
				return left;
			}
		}
	}

	/** Skips a trailing unit ({@code \text{ cm}^2}, {@code miles}) and returns its word, or null. */
	private @Nullable String skipUnit() {
		int save = pos;
		skipWs();
		boolean afterSpace = pos > 0 && Character.isWhitespace(s.charAt(pos - 1));
		String word = null;
		if (peek() == '\\') {
			String name = commandNameAt(pos);
			if (name != null && (name.equals("text") || name.equals("mbox") || name.equals("textnormal")
					|| name.equals("textrm") || name.equals("mathrm") || name.equals("textit"))) {
				int after = pos + 1 + name.length();
				String content = bracedContentAt(after);
				if (content != null && content.trim().matches("[A-Za-z][A-Za-z. ]*") && content.trim().length() >= 2) {
					word = content.trim().toLowerCase(Locale.ROOT);
					pos = after + content.length() + 2;
				}
			}
		} else if (Character.isLetter(peek()) && afterSpace) {
			int end = pos;
			while (end < s.length() && Character.isLetter(s.charAt(end))) {
				end++;
			}
			String candidate = s.substring(pos, end).toLowerCase(Locale.ROOT);
			boolean wordEnds = end == s.length() || !Character.isLetterOrDigit(s.charAt(end)) && s.charAt(end) != '(';
			if (wordEnds && (UNIT_WORDS.contains(candidate) || candidate.equals("percent")
					|| candidate.equals("pct") || candidate.startsWith("degree"))) {
				word = candidate;
				pos = end;
			}
		}
		if (word == null) {
			pos = save;
			return null;
		}
		skipWs();
		// a squared or cubed unit: cm^2, \mbox{ inches}^2
		if (peek() == '^' && (peekAt(1) == '2' || peekAt(1) == '3')) {
			pos += 2;
		} else if (s.startsWith("^{2}", pos) || s.startsWith("^{3}", pos)) {
			pos += 4;
		}
		return word;
	}

	/** Percent and degree words mark the value; other units are dropped. */
	private static Node applyUnitWord(Node left, String word) {
		if (word.equals("percent") || word.equals("pct")) {
			return new Node.Percent(left);
		}
		if (word.startsWith("degree")) {
			return new Node.Degrees(left);
		}
		return left;
	}

	private static boolean endsWithNumber(Node n) {
		return switch (n) {
			case Num ignored -> true;
			case Node.Mul m -> endsWithNumber(m.right());
			case Node.Neg g -> endsWithNumber(g.operand());
			default -> false;
		};
	}

	private static boolean isIntegerFraction(Node n) {
		return n instanceof Node.Div d && d.left() instanceof Num a && a.decimals() < 0
				&& d.right() instanceof Num b && b.decimals() < 0;
	}

	private Node parseUnary() throws ParseException {
		enter();
		try {
			skipWs();
			if (peek() == '-' && peekAt(1) != '-') {
				pos++;
				return new Node.Neg(parseUnary());
			}
			if (eat('+')) {
				return parseUnary();
			}
			if (eatCommand("pm") || eatCommand("mp")) {
				return new Node.PlusMinus(null, parseUnary());
			}
			return parsePower();
		} finally {
			depth--;
		}
	}

	private Node parsePower() throws ParseException {
		Node base = parsePostfix();
		skipWs();
		if (eat("**") || eat('^')) {
			Node exponent = parseExponent();
			return parsePostfixOn(new Node.Pow(base, exponent));
		}
		return base;
	}

	private Node parseExponent() throws ParseException {
		enter();
		try {
			skipWs();
			char c = peek();
			if (c == '{') {
				return parseBraceGroup();
			}
			if (c == '-') {
				pos++;
				return new Node.Neg(parseExponent());
			}
			if (c == '+') {
				pos++;
				return parseExponent();
			}
			if (Character.isDigit(c)) {
				return parseNumber();
			}
			if (Character.isLetter(c)) {
				return parseLetter();
			}
			return parsePrimary();
		} finally {
			depth--;
		}
	}

	private Node parsePostfix() throws ParseException {
		return parsePostfixOn(parsePrimary());
	}

	private Node parsePostfixOn(Node node) {
		while (true) {
			int save = pos;
			skipWs();
			char c = peek();
			if (c == '!' && peekAt(1) != '=') {
				pos++;
				node = new Call(Fn.FACTORIAL, List.of(node));
			} else if (c == '%') {
				pos++;
				node = new Node.Percent(node);
			} else if (c == '°') {
				pos++;
				node = new Node.Degrees(node);
			} else {
				pos = save;
				return node;
			}
		}
	}

	// ---- primaries -----------------------------------------------------------------------

	private Node parsePrimary() throws ParseException {
		enter();
		try {
			deadline.tick();
			skipWs();
			char c = peek();
			if (Character.isDigit(c) || (c == '.' && Character.isDigit(peekAt(1)))) {
				return parseNumber();
			}
			if (isAsciiLetter(c)) {
				return parseLetters();
			}
			return switch (c) {
				case '\\' -> parseCommand();
				case '(', '[' -> parseBracket();
				case '{' -> parseBraceGroup();
				case '|' -> parseAbs();
				case '\0' -> throw new ParseException("answer ends too early");
				default -> throw new ParseException("unexpected '" + c + "' at " + pos);
			};
		} finally {
			depth--;
		}
	}

	private Node parseNumber() throws ParseException {
		int start = pos;
		StringBuilder digits = new StringBuilder();
		readDigits(digits);
		// 1,234,567 is one number at the top level only; inside (1,234) the comma separates items.
		if (groupDepth == 0 && digits.length() <= 3 && digits.length() > 0) {
			int p = pos;
			StringBuilder grouped = new StringBuilder(digits);
			while (p + 3 < s.length() + 0 && s.charAt(p) == ',' && isDigitRun(p + 1, 3)
					&& (p + 4 >= s.length() || !Character.isDigit(s.charAt(p + 4)))) {
				grouped.append(s, p + 1, p + 4);
				p += 4;
			}
			if (p != pos) {
				digits = grouped;
				pos = p;
			}
		}
		int decimals = -1;
		if (peek() == '.' && Character.isDigit(peekAt(1))) {
			pos++;
			int before = digits.length();
			digits.append('.');
			readDigits(digits);
			decimals = digits.length() - before - 1;
		}
		if (peek() == '.' && s.startsWith("\\overline", pos + 1) && decimals < 0) {
			pos++;
			digits.append('.');
			decimals = 0;
		}
		String literal = digits.toString();
		if (literal.length() > 4_000) {
			throw new ParseException("number too long");
		}
		if (decimals >= 0 && s.startsWith("\\overline", pos)) {
			return repeatingDecimal(literal);
		}
		if (peek() == '_' && decimals < 0) {
			Integer base = readBaseSubscript();
			if (base != null) {
				return new Node.BaseNumeral(stripLeadingZeros(literal), base);
			}
		}
		if (literal.isEmpty()) {
			throw new ParseException("bad number at " + start);
		}
		String significant = stripLeadingZeros(literal.replace(".", ""));
		boolean endsInZero = decimals > 0 && literal.endsWith("0");
		return new Num(BigRational.ofDecimal(literal), decimals, Math.max(1, significant.length()), endsInZero);
	}

	/**
	 * {@code 0.1\overline{6}} = 1/6, exactly: with the digits before the bar written as {@code I.D} and the
	 * repeating block {@code R}, the value is (IDR - ID) / (10^|D| · (10^|R| - 1)).
	 */
	private Node repeatingDecimal(String literal) throws ParseException {
		pos += "\\overline".length();
		skipWs();
		String block = bracedContentAt(pos);
		if (block == null || !block.trim().matches("\\d{1,50}")) {
			throw new ParseException("\\overline needs repeating digits");
		}
		pos += block.length() + 2;
		String repeating = block.trim();
		int point = literal.indexOf('.');
		String whole = literal.substring(0, point);
		String fraction = literal.substring(point + 1);
		java.math.BigInteger withBlock = new java.math.BigInteger((whole.isEmpty() ? "0" : whole) + fraction + repeating);
		java.math.BigInteger withoutBlock = new java.math.BigInteger((whole.isEmpty() ? "0" : whole) + fraction);
		java.math.BigInteger denominator = java.math.BigInteger.TEN.pow(fraction.length())
			.multiply(java.math.BigInteger.TEN.pow(repeating.length()).subtract(java.math.BigInteger.ONE));
		BigRational value = BigRational.of(withBlock.subtract(withoutBlock), denominator);
		return new Num(value, -1, literal.length() + repeating.length(), false);
	}

	private @Nullable Integer readBaseSubscript() {
		int save = pos;
		pos++;
		String sub;
		if (peek() == '{') {
			sub = bracedContentAt(pos);
			if (sub == null) {
				pos = save;
				return null;
			}
			pos += sub.length() + 2;
		} else {
			int start = pos;
			while (Character.isDigit(peek())) {
				pos++;
			}
			sub = s.substring(start, pos);
		}
		sub = sub.trim();
		if (sub.matches("\\d{1,2}")) {
			int base = Integer.parseInt(sub);
			if (base >= 2 && base <= 36) {
				return base;
			}
		}
		pos = save;
		return null;
	}

	private static String stripLeadingZeros(String d) {
		int i = 0;
		while (i < d.length() - 1 && d.charAt(i) == '0') {
			i++;
		}
		return d.substring(i);
	}

	private void readDigits(StringBuilder out) {
		while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
			out.append(s.charAt(pos++));
		}
	}

	private boolean isDigitRun(int from, int n) {
		if (from + n > s.length()) {
			return false;
		}
		for (int i = from; i < from + n; i++) {
			if (!Character.isDigit(s.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	private Node parseLetters() throws ParseException {
		int end = pos;
		while (end < s.length() && isAsciiLetter(s.charAt(end))) {
			end++;
		}
		String run = s.substring(pos, end);
		for (int len = Math.min(run.length(), 6); len >= 2; len--) {
			String head = run.substring(0, len);
			Fn fn = FUNCTIONS.get(head);
			boolean whole = len == run.length();
			if (fn != null && (whole || len >= 3)) {
				pos += len;
				return parseFunction(fn);
			}
			if (whole && head.equals("pi")) {
				pos += 2;
				return new Const(Constant.PI);
			}
		}
		if (run.length() >= 4) {
			// A long run of letters is a word: "The final answer is" must not read as T·h·e·f·i·n·a·l.
			throw new ParseException("words are not an expression: " + run);
		}
		return parseLetter();
	}

	/** One letter: a variable, {@code e}, {@code i}, or an unknown function {@code f(x)}. */
	private Node parseLetter() throws ParseException {
		char c = s.charAt(pos++);
		String subscript = readSubscript();
		if (subscript == null) {
			if (c == 'e') {
				return new Const(Constant.E);
			}
			if (c == 'i') {
				return new Const(Constant.I);
			}
			if ((c == 'f' || c == 'g' || c == 'h') && peek() == '(') {
				Node arg = parseBracket();
				return new Node.Applied(String.valueOf(c), arg);
			}
			return new Node.Sym(String.valueOf(c));
		}
		return new Node.Sym(c + "_" + subscript);
	}

	private @Nullable String readSubscript() throws ParseException {
		if (peek() != '_') {
			return null;
		}
		pos++;
		skipWs();
		if (peek() == '{') {
			String content = bracedContentAt(pos);
			if (content == null) {
				throw new ParseException("unclosed subscript");
			}
			pos += content.length() + 2;
			return content.replace(" ", "");
		}
		if (peek() == '\\') {
			String name = commandNameAt(pos);
			if (name == null) {
				throw new ParseException("bad subscript");
			}
			pos += name.length() + 1;
			return name;
		}
		if (pos < s.length() && Character.isLetterOrDigit(peek())) {
			return String.valueOf(s.charAt(pos++));
		}
		throw new ParseException("bad subscript");
	}

	private Node parseFunction(Fn fn) throws ParseException {
		skipWs();
		Node power = null;
		if (peek() == '^') {
			pos++;
			power = parseExponent();
			if (power instanceof Node.Neg n && n.operand() instanceof Num one && one.value().equals(BigRational.ONE)) {
				fn = inverse(fn);
				power = null;
			}
		}
		Node base = null;
		if (fn == Fn.LOG && peek() == '_') {
			pos++;
			base = parseArgument();
		}
		skipWs();
		Node arg;
		if (peek() == '(' || peek() == '{') {
			arg = peek() == '(' ? parseBracket() : parseBraceGroup();
		} else {
			arg = parseFunctionArgument();
		}
		Node call = base == null ? new Call(fn, List.of(arg)) : new Call(Fn.LOG, List.of(base, arg));
		return power == null ? call : new Node.Pow(call, power);
	}

	private static Fn inverse(Fn fn) throws ParseException {
		return switch (fn) {
			case SIN -> Fn.ASIN;
			case COS -> Fn.ACOS;
			case TAN -> Fn.ATAN;
			default -> throw new ParseException("inverse of " + fn);
		};
	}

	/** {@code \sin 2x}: the implicit product that follows, up to an operator or another function. */
	private Node parseFunctionArgument() throws ParseException {
		Node arg = parsePower();
		while (canStartImplicitFactor() && !startsFunction()) {
			arg = new Node.Mul(arg, parsePower());
		}
		return arg;
	}

	private boolean startsFunction() {
		skipWs();
		if (peek() == '\\') {
			String name = commandNameAt(pos);
			return name != null && FUNCTIONS.containsKey(name);
		}
		return false;
	}

	/** The argument of {@code \frac}, {@code \sqrt}, {@code \binom}: a group, or one character. */
	private Node parseArgument() throws ParseException {
		enter();
		try {
			return parseArgumentBody();
		} finally {
			depth--;
		}
	}

	private Node parseArgumentBody() throws ParseException {
		skipWs();
		char c = peek();
		if (c == '{') {
			return parseBraceGroup();
		}
		if (Character.isDigit(c)) {
			pos++;
			return new Num(BigRational.of(c - '0'), -1, 1, false);
		}
		if (isAsciiLetter(c)) {
			return parseLetter();
		}
		if (c == '\\') {
			return parseCommand();
		}
		throw new ParseException("missing argument at " + pos);
	}

	private Node parseCommand() throws ParseException {
		String name = commandNameAt(pos);
		if (name == null) {
			if (s.startsWith("\\{", pos)) {
				pos += 2;
				return parseSetLiteral();
			}
			throw new ParseException("unexpected '\\' at " + pos);
		}
		pos += 1 + name.length();
		Fn fn = FUNCTIONS.get(name);
		if (fn != null && fn != Fn.SQRT && fn != Fn.ABS) {
			return parseFunction(fn);
		}
		if (GREEK.contains(name)) {
			String sub = readSubscript();
			return new Node.Sym(sub == null ? name : name + "_" + sub);
		}
		if (TEXT_COMMANDS.contains(name)) {
			return parseTextCommand(name);
		}
		return switch (name) {
			case "frac" -> new Node.Div(parseArgument(), parseArgument());
			case "sqrt" -> parseSqrt();
			case "binom" -> new Call(Fn.BINOMIAL, List.of(parseArgument(), parseArgument()));
			case "pi" -> new Const(Constant.PI);
			case "infty" -> new Const(Constant.INFINITY);
			case "imath" -> new Const(Constant.I);
			case "boxed", "fbox" -> parseBraceGroup();
			case "emptyset", "varnothing" -> new Node.SetOf(List.of(), true);
			case "lfloor" -> closedBy(Fn.FLOOR, "rfloor");
			case "lceil" -> closedBy(Fn.CEIL, "rceil");
			case "begin" -> parseEnvironment();
			case "mathbb" -> parseNumberSet();
			case "vec", "hat", "bar", "tilde", "overrightarrow" -> {
				String content = bracedContentAt(pos);
				if (content == null) {
					throw new ParseException("\\" + name + " without argument");
				}
				pos += content.length() + 2;
				yield new Node.Sym(name + ":" + content.trim());
			}
			default -> throw new ParseException("unsupported command \\" + name);
		};
	}

	private Node parseSqrt() throws ParseException {
		skipWs();
		if (peek() == '[') {
			pos++;
			groupDepth++;
			Node index = parseItem();
			groupDepth--;
			skipWs();
			if (!eat(']')) {
				throw new ParseException("unclosed root index");
			}
			return new Call(Fn.ROOT, List.of(index, parseArgument()));
		}
		return new Call(Fn.SQRT, List.of(parseArgument()));
	}

	private Node closedBy(Fn fn, String closer) throws ParseException {
		groupDepth++;
		Node inner = parseItem();
		groupDepth--;
		skipWs();
		if (!eatCommand(closer)) {
			throw new ParseException("missing \\" + closer);
		}
		return new Call(fn, List.of(inner));
	}

	private Node parseNumberSet() throws ParseException {
		String content = bracedContentAt(pos);
		String letter = content != null ? content.trim() : String.valueOf(peek());
		pos += content != null ? content.length() + 2 : 1;
		if (letter.equals("R")) {
			Node inf = new Const(Constant.INFINITY);
			return new Node.Interval(new Node.Neg(inf), inf, false, false);
		}
		return new Node.Text("mathbb " + letter.toLowerCase(Locale.ROOT));
	}

	/** {@code \text{…}} as a primary: a number or letter inside, or words. */
	private Node parseTextCommand(String name) throws ParseException {
		skipWs();
		String content = bracedContentAt(pos);
		if (content == null) {
			if (isAsciiLetter(peek())) {
				return parseLetter(); // \mathrm e
			}
			throw new ParseException("\\" + name + " without argument");
		}
		pos += content.length() + 2;
		String t = content.trim();
		if (name.equals("operatorname")) {
			Fn fn = FUNCTIONS.get(t);
			if (fn != null) {
				return parseFunction(fn);
			}
		}
		boolean mathLike = !name.startsWith("text") && !name.equals("mbox");
		if (mathLike && t.matches("[A-Za-z]")) {
			return reparse(t);
		}
		if (t.matches("[-+0-9., ]+") && !t.isBlank()) {
			return reparse(t);
		}
		return text(t);
	}

	private Node reparse(String inner) throws ParseException {
		AnswerParser nested = new AnswerParser(inner, deadline);
		nested.depth = depth + 1;
		nested.groupDepth = 1;
		Node n = nested.parseItem();
		nested.skipWs();
		if (nested.pos != inner.length()) {
			throw new ParseException("cannot read '" + inner + "'");
		}
		return n;
	}

	private Node parseEnvironment() throws ParseException {
		String env = bracedContentAt(pos);
		if (env == null || !MATRIX_ENVIRONMENTS.contains(env.trim())) {
			throw new ParseException("unsupported environment " + env);
		}
		pos += env.length() + 2;
		if (env.trim().equals("array")) {
			String columns = bracedContentAt(pos);
			if (columns != null) {
				pos += columns.length() + 2;
			}
		}
		groupDepth++;
		List<List<Node>> rows = new ArrayList<>();
		while (true) {
			skipWs();
			if (s.startsWith("\\end", pos)) {
				break;
			}
			List<Node> row = new ArrayList<>();
			while (true) {
				row.add(parseItem());
				checkItems(row);
				skipWs();
				if (!eat('&')) {
					break;
				}
			}
			rows.add(List.copyOf(row));
			checkItems(rows.getFirst());
			if (rows.size() > MAX_ITEMS) {
				throw new ParseException("matrix too large");
			}
			skipWs();
			if (!eat("\\\\")) {
				break;
			}
		}
		groupDepth--;
		skipWs();
		if (!eatCommand("end")) {
			throw new ParseException("unclosed matrix");
		}
		String closing = bracedContentAt(pos);
		if (closing == null || !closing.trim().equals(env.trim())) {
			throw new ParseException("mismatched \\end");
		}
		pos += closing.length() + 2;
		int width = rows.getFirst().size();
		for (List<Node> row : rows) {
			if (row.size() != width) {
				throw new ParseException("ragged matrix");
			}
		}
		return new Node.Matrix(List.copyOf(rows));
	}

	private Node parseSetLiteral() throws ParseException {
		groupDepth++;
		try {
			skipWs();
			if (s.startsWith("\\}", pos)) {
				pos += 2;
				return new Node.SetOf(List.of(), true);
			}
			List<Node> items = parseCommaItems();
			skipWs();
			if (!eat("\\}")) {
				throw new ParseException("unclosed \\{");
			}
			return new Node.SetOf(List.copyOf(items), true);
		} finally {
			groupDepth--;
		}
	}

	private List<Node> parseCommaItems() throws ParseException {
		List<Node> items = new ArrayList<>();
		while (true) {
			items.add(parseItem());
			checkItems(items);
			skipWs();
			if (!eat(',') && !eat(';')) {
				return items;
			}
		}
	}

	/** ( … ) and [ … ]: a group, a tuple, or an interval with open or closed ends. */
	private Node parseBracket() throws ParseException {
		char open = s.charAt(pos++);
		groupDepth++;
		try {
			List<Node> items = parseCommaItems();
			skipWs();
			char close = peek();
			if (close != ')' && close != ']') {
				throw new ParseException("unclosed '" + open + "'");
			}
			pos++;
			boolean sameKind = (open == '(') == (close == ')');
			if (items.size() == 1 && sameKind) {
				return items.getFirst();
			}
			if (items.size() == 2 && !(open == '(' && close == ')')) {
				return new Node.Interval(items.get(0), items.get(1), open == '[', close == ']');
			}
			if (!sameKind) {
				throw new ParseException("mismatched brackets");
			}
			return new Node.Tuple(List.copyOf(items));
		} finally {
			groupDepth--;
		}
	}

	/** { … }: LaTeX grouping; with commas inside it is read as a set ({@code {2, 3, 5}}). */
	private Node parseBraceGroup() throws ParseException {
		pos++;
		groupDepth++;
		try {
			skipWs();
			if (eat('}')) {
				return new Node.SetOf(List.of(), true);
			}
			List<Node> items = parseCommaItems();
			skipWs();
			if (!eat('}')) {
				throw new ParseException("unclosed '{'");
			}
			return items.size() == 1 ? items.getFirst() : new Node.SetOf(List.copyOf(items), true);
		} finally {
			groupDepth--;
		}
	}

	private Node parseAbs() throws ParseException {
		pos++;
		absDepth++;
		groupDepth++;
		try {
			Node inner = parseSum();
			skipWs();
			if (!eat('|')) {
				throw new ParseException("unclosed '|'");
			}
			return new Call(Fn.ABS, List.of(inner));
		} finally {
			absDepth--;
			groupDepth--;
		}
	}

	// ---- lexical helpers -----------------------------------------------------------------

	private static final Set<String> FACTOR_COMMANDS = Set.of(
			"frac", "sqrt", "pi", "infty", "binom", "lfloor", "lceil", "text", "mathrm", "mathbf",
			"operatorname", "begin", "boxed", "vec", "hat", "bar", "imath", "mathit");

	private boolean canStartImplicitFactor() {
		skipWs();
		char c = peek();
		if (Character.isDigit(c) || isAsciiLetter(c) || c == '(' || c == '{') {
			return true;
		}
		if (c == '|') {
			return absDepth == 0;
		}
		if (c == '\\') {
			String name = commandNameAt(pos);
			return name != null && (FACTOR_COMMANDS.contains(name) || FUNCTIONS.containsKey(name) || GREEK.contains(name));
		}
		return false;
	}

	private void countNode() throws ParseException {
		if (++nodes > MAX_NODES) {
			throw new ParseException("answer has more than " + MAX_NODES + " terms");
		}
	}

	private void enter() throws ParseException {
		countNode();
		if (++depth > MAX_DEPTH) {
			depth--;
			throw new ParseException("answer nested too deeply");
		}
	}

	private @Nullable String commandNameAt(int at) {
		if (at >= s.length() || s.charAt(at) != '\\') {
			return null;
		}
		int end = at + 1;
		while (end < s.length() && isAsciiLetter(s.charAt(end))) {
			end++;
		}
		return end == at + 1 ? null : s.substring(at + 1, end);
	}

	/** The text between a '{' at {@code at} and its matching '}', or null. */
	private @Nullable String bracedContentAt(int at) {
		int p = at;
		while (p < s.length() && s.charAt(p) == ' ') {
			p++;
		}
		if (p != at || p >= s.length() || s.charAt(p) != '{') {
			return null;
		}
		int level = 0;
		for (int i = p; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c == '\\') {
				i++;
			} else if (c == '{') {
				level++;
			} else if (c == '}' && --level == 0) {
				return s.substring(p + 1, i);
			}
		}
		return null;
	}

	private boolean peekCommand(String name) {
		return s.startsWith(name, pos + 1) && name.equals(commandNameAt(pos));
	}

	private boolean eatCommand(String name) {
		skipWs();
		if (peekCommand(name)) {
			pos += 1 + name.length();
			return true;
		}
		return false;
	}

	private boolean eat(char c) {
		if (pos < s.length() && s.charAt(pos) == c) {
			pos++;
			return true;
		}
		return false;
	}

	private boolean eat(String token) {
		if (s.startsWith(token, pos)) {
			pos += token.length();
			return true;
		}
		return false;
	}

	private char peek() {
		return pos < s.length() ? s.charAt(pos) : '\0';
	}

	private char peekAt(int offset) {
		int p = pos + offset;
		return p < s.length() ? s.charAt(p) : '\0';
	}

	private void skipWs() {
		while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
			pos++;
		}
	}

	private static boolean isAsciiLetter(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	}
}
