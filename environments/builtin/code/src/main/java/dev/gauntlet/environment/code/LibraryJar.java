package dev.gauntlet.environment.code;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.jspecify.annotations.Nullable;

/**
 * The jar file a class was loaded from, as a plain file that can be bind-mounted into the sandbox. From a class
 * path that is the jar itself. Inside a Spring Boot executable jar (how {@code ./gauntlet up} and the Docker image
 * run environment-service) the library is an entry of the outer jar, located as
 * {@code jar:nested:/app/service.jar/!BOOT-INF/lib/x.jar!/}; it is copied out once, to a temporary file.
 */
final class LibraryJar {

	private LibraryJar() {
	}

	/** @return the jar holding {@code className}, or null when the class is absent or its jar cannot be read */
	static @Nullable Path of(String className) {
		try {
			URL location = Class.forName(className).getProtectionDomain().getCodeSource().getLocation();
			return toFile(location.toString());
		}
		catch (ClassNotFoundException | RuntimeException ex) {
			return null;
		}
	}

	static Path toFile(String location) {
		try {
			if (location.startsWith("file:")) {
				return Path.of(new URI(location));
			}
			String nested = location.startsWith("jar:") ? location.substring("jar:".length()) : location;
			nested = nested.endsWith("!/") ? nested.substring(0, nested.length() - 2) : nested;
			int split = nested.indexOf("/!");
			if (!nested.startsWith("nested:") || split < 0) {
				throw new IllegalArgumentException("not a file or nested jar location: " + location);
			}
			Path outer = Path.of(new URI("file://" + nested.substring("nested:".length(), split)));
			return copyOut(outer, nested.substring(split + 2));
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("not a jar location: " + location, ex);
		}
	}

	private static Path copyOut(Path outer, String entryName) {
		try (JarFile jar = new JarFile(outer.toFile())) {
			JarEntry entry = jar.getJarEntry(entryName);
			if (entry == null) {
				throw new IllegalArgumentException(outer + " has no entry " + entryName);
			}
			Path copy = Files.createTempFile("gauntlet-lib-", ".jar");
			copy.toFile().deleteOnExit();
			try (InputStream in = jar.getInputStream(entry)) {
				Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
			}
			return copy;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
