package org.fashionmnist.server.web.gallery;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The gallery, {@code index.html}, at {@code /} for browsers. Spring Boot's welcome page does this too,
 * but answers a client that does not accept HTML (a JSON client that started at the root) with a bare
 * 406; mapped here, that client gets a problem that points it to the API.
 */
@Controller
@Hidden
class GalleryPage {

	@GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
	String gallery() {
		return "forward:/index.html";
	}

}
