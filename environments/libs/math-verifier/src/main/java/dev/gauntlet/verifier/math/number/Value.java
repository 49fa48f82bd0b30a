package dev.gauntlet.verifier.math.number;

/**
 * A computed number: exact (a Gaussian rational, usually with a zero imaginary part) for as long
 * as the operations allow, approximate (a complex double) once an irrational step is taken.
 */
public sealed interface Value {

	static Exact of(BigRational real) {
		return new Exact(real, BigRational.ZERO);
	}

	static Exact of(long real) {
		return of(BigRational.of(real));
	}

	/** This value as a complex double; exact values that over- or underflow a double become NaN. */
	Approx approx();

	boolean isReal();

	/** re + im·i with both parts exact. */
	record Exact(BigRational re, BigRational im) implements Value {

		public boolean isZero() {
			return re.isZero() && im.isZero();
		}

		@Override
		public boolean isReal() {
			return im.isZero();
		}

		@Override
		public Approx approx() {
			double r = toDoubleOrNaN(re);
			double i = toDoubleOrNaN(im);
			return new Approx(r, i, Math.hypot(r, i));
		}

		private static double toDoubleOrNaN(BigRational x) {
			if (x.isZero()) {
				return 0.0;
			}
			double d = x.toDouble();
			// A nonzero value that underflows to 0 (1/2006!) or overflows must not pose as a number.
			return d == 0.0 || Double.isInfinite(d) ? Double.NaN : d;
		}

		@Override
		public String toString() {
			return im.isZero() ? re.toString() : re + "+" + im + "i";
		}
	}

	/**
	 * re + im·i in doubles. {@code scale} is the largest magnitude met while summing terms to get
	 * here, so a difference that cancels to rounding noise can be told from a real difference.
	 */
	record Approx(double re, double im, double scale) implements Value {

		public double magnitude() {
			return Math.hypot(re, im);
		}

		public boolean isFinite() {
			return Double.isFinite(re) && Double.isFinite(im);
		}

		@Override
		public boolean isReal() {
			return Math.abs(im) <= 1e-12 * Math.max(scale, Math.abs(re));
		}

		@Override
		public Approx approx() {
			return this;
		}
	}
}
