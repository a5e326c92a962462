package org.fashionmnist.server.web;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The check every HTTP test's JSON responses go through ({@link DocumentedResponses}) catches what it is there for:
 * real responses, checked against the server's own description with one thing changed.
 */
class DocumentedResponsesTest extends HttpTest {

	private static final String ITEMS = "/components/schemas/Item";

	@Test
	void theServersOwnDescriptionAdmitsItsResponses() {
		DocumentedResponses check = new DocumentedResponses(description(), this.json);

		assertThatNoException().isThrownBy(() -> check.check(get(TEST + "/items?size=3")));
		assertThatNoException().isThrownBy(() -> check.check(get(TEST + "/items/70000")));
	}

	@Test
	void aBodyWithoutAPropertyTheSchemaRequiresFails() {
		ObjectNode description = description();
		((ArrayNode) description.at(ITEMS + "/required")).add("weight");
		((ObjectNode) description.at(ITEMS + "/properties")).putObject("weight").put("type", "number");
		HttpResponse<byte[]> items = get(TEST + "/items?size=3");

		assertRefused(description, items, "/items/0: required property 'weight' not found");
	}

	@Test
	void aPropertyTheSchemaDoesNotNameFails() {
		ObjectNode description = description();
		((ObjectNode) description.at(ITEMS + "/properties")).remove("imageUrl");
		((ArrayNode) description.at(ITEMS + "/required")).removeIf((name) -> name.asString().equals("imageUrl"));
		HttpResponse<byte[]> items = get(TEST + "/items?size=3");

		assertRefused(description, items, "property 'imageUrl' is not defined in the schema");
	}

	@Test
	void aStatusTheOperationDoesNotDocumentFails() {
		ObjectNode description = description();
		ObjectNode responses = (ObjectNode) description.get("paths")
			.get("/api/v1/datasets/{dataset}/splits/{split}/items/{index}").get("get").get("responses");
		assertThat(responses.remove("404")).isNotNull();
		HttpResponse<byte[]> missing = get(TEST + "/items/70000");

		assertRefused(description, missing, "documents its status");
	}

	private void assertRefused(ObjectNode description, HttpResponse<byte[]> response, String failure) {
		assertThatThrownBy(() -> new DocumentedResponses(description, this.json).check(response)).isInstanceOf(AssertionError.class)
			.hasMessageContaining(failure);
	}

	private ObjectNode description() {
		return (ObjectNode) getJson("/v3/api-docs");
	}

}
