package dev.gauntlet.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * bwrap resolves bind sources as the sandbox's unprivileged uid, which cannot read e.g. /root/.m2. Regular files
 * to bind are therefore copied to a world-readable staging directory first (directories are bound as they are).
 */
final class BindStaging {

	private BindStaging() {
	}

	static SandboxSettings stage(SandboxSettings settings) {
		if (settings.readOnlyBinds().isEmpty()) {
			return settings;
		}
		try {
			Path root = Path.of(System.getProperty("java.io.tmpdir"), "gauntlet-sandbox-binds");
			Files.createDirectories(root);
			Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
			List<SandboxSettings.Bind> staged = new ArrayList<>();
			for (SandboxSettings.Bind bind : settings.readOnlyBinds()) {
				if (!Files.isRegularFile(bind.hostPath())) {
					staged.add(bind);
					continue;
				}
				Path copy = root.resolve(Integer.toHexString(bind.hostPath().toAbsolutePath().toString().hashCode())
						+ "-" + Files.size(bind.hostPath()) + "-" + bind.hostPath().getFileName());
				if (!Files.exists(copy)) {
					Path temp = Files.createTempFile(root, "staging", ".tmp");
					Files.copy(bind.hostPath(), temp, StandardCopyOption.REPLACE_EXISTING);
					Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
					Files.move(temp, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
				}
				staged.add(new SandboxSettings.Bind(copy, bind.sandboxPath()));
			}
			return new SandboxSettings(settings.mode(), settings.bwrap(), settings.setpriv(), settings.python(),
					settings.workers(), settings.uidBase(), settings.uidCount(), settings.tmpfsBytes(), staged,
					settings.startupTimeout(), settings.uidLockDirectory());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not stage files for the sandbox", ex);
		}
	}

}
