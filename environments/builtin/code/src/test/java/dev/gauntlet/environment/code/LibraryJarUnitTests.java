package dev.gauntlet.environment.code;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Finding a library's jar as a plain file, from a class path and from inside a Spring Boot executable jar. */
class LibraryJarUnitTests {

	@TempDir
	Path dir;

	@Test
	void aJarOnTheClassPathIsItself() {
		Path jar = LibraryJar.of("org.javatuples.Pair");
		assertThat(jar).isNotNull().isRegularFile();
		assertThat(jar.getFileName().toString()).startsWith("javatuples");
	}

	/** The location format is what Spring Boot 4's launcher gives a class of BOOT-INF/lib (checked on our jar). */
	@Test
	void aLibraryNestedInAnExecutableJarIsCopiedOutWhole() throws IOException {
		byte[] inner = "PK inner jar bytes".getBytes();
		Path outer = dir.resolve("service exec.jar");
		try (OutputStream out = Files.newOutputStream(outer); JarOutputStream jar = new JarOutputStream(out)) {
			jar.putNextEntry(new JarEntry("BOOT-INF/lib/javatuples-1.2.jar"));
			jar.write(inner);
			jar.closeEntry();
		}
		String location = "jar:nested:" + outer.toUri().getRawPath() + "/!BOOT-INF/lib/javatuples-1.2.jar!/";

		Path copy = LibraryJar.toFile(location);

		assertThat(copy).isRegularFile().isNotEqualTo(outer);
		assertThat(Files.readAllBytes(copy)).isEqualTo(inner);
	}

	@Test
	void anUnknownLocationOrEntryIsRefused() throws IOException {
		assertThatThrownBy(() -> LibraryJar.toFile("http://example.org/x.jar"))
			.isInstanceOf(IllegalArgumentException.class);
		Path outer = dir.resolve("empty.jar");
		try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(outer))) {
			jar.putNextEntry(new JarEntry("META-INF/x"));
		}
		assertThatThrownBy(() -> LibraryJar.toFile("jar:nested:" + outer + "/!BOOT-INF/lib/missing.jar!/"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("missing.jar");
	}

}
