package dev.gauntlet.admin;

import dev.gauntlet.web.GauntletService;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** admin-ui: the browser UI over the services' REST APIs. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AdminUiApplication {

	public static final String NAME = "admin-ui";

	public static void main(String[] args) {
		GauntletService.run(AdminUiApplication.class, NAME, args);
	}

}
