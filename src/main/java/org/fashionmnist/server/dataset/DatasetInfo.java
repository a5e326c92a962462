package org.fashionmnist.server.dataset;

import java.util.List;

/** What a dataset is, as opposed to its content: names, licence, citation and class names. */
public record DatasetInfo(String id, String title, String description, String license, String homepage,
		String citation, int imageSide, List<String> classNames) {

	/** Zalando's Fashion-MNIST, as published at github.com/zalandoresearch/fashion-mnist. */
	public static final DatasetInfo FASHION_MNIST = new DatasetInfo("fashion-mnist", "Fashion-MNIST",
			"70,000 28x28 grayscale images of Zalando articles in 10 classes (60,000 train, 10,000 test), "
					+ "a drop-in replacement for MNIST. Pixels are 0 (background) to 255, light article on a dark background.",
			"MIT (Expat), Copyright (c) 2017 Zalando SE", "https://github.com/zalandoresearch/fashion-mnist",
			"Han Xiao, Kashif Rasul, Roland Vollgraf. Fashion-MNIST: a Novel Image Dataset for Benchmarking "
					+ "Machine Learning Algorithms. arXiv:1708.07747, 2017.",
			28, List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
					"Ankle boot"));

	public int numClasses() {
		return this.classNames.size();
	}

	public String className(int label) {
		return this.classNames.get(label);
	}

}
