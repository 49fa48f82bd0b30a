package dev.gauntlet.admin;

import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * Accessibility checks of the page a browser shows: what a screen reader needs (a label for every form control, a
 * name for every button and link, a text alternative for every image and chart) and what a keyboard user needs
 * (a tab order without positive tabindex, unique ids for labels to point at, and actions reachable with Tab).
 */
final class PageAudit {

	/** Returns one line per problem found in the current document. */
	private static final String SCRIPT = """
			const problems = [];
			const text = el => (el.textContent || '').trim();
			const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
				+ (el.name ? '[name=' + el.name + ']' : '');
			const ariaLabel = el => (el.getAttribute('aria-label') || '').trim() !== '';
			const labelledBy = el => (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
				.some(id => document.getElementById(id) && text(document.getElementById(id)));
			const labelFor = el => el.id !== '' && Array.from(document.querySelectorAll('label[for]'))
				.some(label => label.htmlFor === el.id && text(label));
			for (const el of document.querySelectorAll(
					'input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea')) {
				if (!(labelFor(el) || ariaLabel(el) || labelledBy(el))) {
					problems.push('form control without a label: ' + describe(el));
				}
			}
			for (const el of document.querySelectorAll('button, input[type=submit], input[type=button], a[href]')) {
				if (!(text(el) || (el.value || '').trim() || ariaLabel(el) || labelledBy(el))) {
					problems.push('button or link without a name: ' + describe(el));
				}
			}
			for (const el of document.querySelectorAll('img')) {
				if (!el.hasAttribute('alt')) {
					problems.push('image without alt text: ' + el.src);
				}
			}
			for (const el of document.querySelectorAll('canvas, svg:not([aria-hidden=true]), [role=img]')) {
				if (!(ariaLabel(el) || labelledBy(el))) {
					problems.push('chart or graphic without a text alternative: ' + describe(el));
				}
			}
			for (const el of document.querySelectorAll('[tabindex]')) {
				if (el.tabIndex > 0) {
					problems.push('positive tabindex, out of the reading order: ' + describe(el));
				}
			}
			const ids = new Map();
			for (const el of document.querySelectorAll('[id]')) {
				ids.set(el.id, (ids.get(el.id) || 0) + 1);
			}
			for (const [id, count] of ids) {
				if (count > 1) {
					problems.push('id used ' + count + ' times: ' + id);
				}
			}
			if (!document.documentElement.lang) {
				problems.push('no lang on <html>');
			}
			if (!document.title.trim()) {
				problems.push('no <title>');
			}
			return problems;
			""";

	private PageAudit() {
	}

	@SuppressWarnings("unchecked")
	static List<String> problems(WebDriver browser) {
		return (List<String>) ((JavascriptExecutor) browser).executeScript(SCRIPT);
	}

	/**
	 * Presses Tab until {@code target} has the focus, at most {@code limit} times.
	 *
	 * @return the number of presses it took, 0 when it had the focus already, or -1 when Tab never reached it
	 */
	static int tabsTo(WebDriver browser, By target, int limit) {
		WebElement wanted = browser.findElement(target);
		for (int presses = 0; presses <= limit; presses++) {
			if (wanted.equals(browser.switchTo().activeElement())) {
				return presses;
			}
			if (presses < limit) {
				press(browser, Keys.TAB);
			}
		}
		return -1;
	}

	static void press(WebDriver browser, CharSequence keys) {
		new Actions(browser).sendKeys(keys).perform();
	}

	/** Whether the focused element lies inside {@code <main>}. */
	static boolean focusIsInMain(WebDriver browser) {
		return Boolean.TRUE.equals(((JavascriptExecutor) browser)
			.executeScript("return document.querySelector('main').contains(document.activeElement);"));
	}

}
