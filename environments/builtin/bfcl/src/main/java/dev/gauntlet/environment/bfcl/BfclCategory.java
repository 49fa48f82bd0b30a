package dev.gauntlet.environment.bfcl;

import dev.gauntlet.environment.bfcl.CallChecker.Language;

/** The BFCL categories this environment serves. */
enum BfclCategory {

	SIMPLE_PYTHON("simple_python", Language.PYTHON), MULTIPLE("multiple", Language.PYTHON),
	PARALLEL("parallel", Language.PYTHON), PARALLEL_MULTIPLE("parallel_multiple", Language.PYTHON),
	SIMPLE_JAVA("simple_java", Language.JAVA);

	private final String wireName;

	private final Language language;

	BfclCategory(String wireName, Language language) {
		this.wireName = wireName;
		this.language = language;
	}

	String wireName() {
		return wireName;
	}

	Language language() {
		return language;
	}

	/** The category of a BFCL id such as {@code parallel_multiple_12}. */
	static BfclCategory ofId(String id) {
		BfclCategory best = null;
		for (BfclCategory c : values()) {
			if (id.startsWith(c.wireName + "_") && (best == null || c.wireName.length() > best.wireName.length())) {
				best = c;
			}
		}
		if (best == null) {
			throw new IllegalArgumentException("not an id of a supported BFCL category: " + id);
		}
		return best;
	}

}
