package org.fashionmnist.server;

import javax.imageio.ImageIO;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Serves the Fashion-MNIST dataset and its baseline classifier over HTTP. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FashionMnistServerApplication {

	public static void main(String[] args) {
		// Decoders of uploaded images must never spill to temporary files.
		ImageIO.setUseCache(false);
		SpringApplication.run(FashionMnistServerApplication.class, args);
	}

}
