package dev.gauntlet.contracts.openai;

import java.util.List;

import dev.gauntlet.contracts.ChatMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiMessageUnitTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void writesToolCallsInOpenAiShape() {
		ChatMessage call = ChatMessage.assistant(null, List.of(new ChatMessage.ToolCall("c1", "get_user", "{\"id\":1}")));
		String wire = json.writeValueAsString(OpenAiMessage.from(call));
		assertThat(wire).isEqualTo("{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
				+ "\"function\":{\"name\":\"get_user\",\"arguments\":\"{\\\"id\\\":1}\"}}]}");
		assertThat(json.readValue(wire, OpenAiMessage.class).toChat()).isEqualTo(call);
	}

	@Test
	void refusesABadRoleFromOutside() {
		OpenAiMessage hostile = json.readValue("{\"role\":\"root\",\"content\":\"x\"}", OpenAiMessage.class);
		assertThatThrownBy(hostile::toChat).hasMessageContaining("role");
	}

}
