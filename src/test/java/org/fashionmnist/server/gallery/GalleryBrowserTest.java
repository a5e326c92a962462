package org.fashionmnist.server.gallery;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a person sees in the gallery, checked in a real headless Chromium against the running service.
 * Tagged {@code browser}: the quick local loop ({@code ./mvnw -Pquick}) leaves it out, {@code ./mvnw verify} runs it.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class GalleryBrowserTest {

	private static ChromeDriver browser;

	@LocalServerPort
	int port;

	private WebDriverWait wait;

	@BeforeAll
	static void startBrowser() throws Exception {
		browser = Browser.start();
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@BeforeEach
	void setUp() {
		browser.manage().window().setSize(new Dimension(1280, 1000));
		this.wait = new WebDriverWait(browser, Duration.ofSeconds(20));
		// The grid replaces its tiles when a page loads: a tile found just before that is gone when its
		// text is read. A condition that meets one is not yet true, so the wait polls again.
		this.wait.ignoring(StaleElementReferenceException.class);
	}

	@Test
	void tilesLoadWithDecodedImagesNamesAndIndices() {
		open("/");

		List<WebElement> tiles = tiles(48);
		assertThat(tiles.get(0).getText()).contains("Ankle boot").contains("#0");
		assertThat(tiles.get(47).getText()).contains("#47");
		waitForImagesDecoded();
		for (WebElement image : browser.findElements(By.cssSelector("#grid img"))) {
			assertThat(image.getDomAttribute("alt")).matches(".+, train image \\d+");
		}
		assertThat(browser.findElement(By.id("status")).getText()).contains("60,000 train images");
	}

	@Test
	void classFiltersChangeTheGridAndTheUrl() {
		open("/");
		tiles(48);

		browser.findElement(By.xpath("//label[contains(@class,'chip')][normalize-space()='Dress']")).click();
		this.wait.until(ExpectedConditions.urlContains("label=3"));
		browser.findElement(By.xpath("//label[contains(@class,'chip')][normalize-space()='Sneaker']")).click();
		this.wait.until(ExpectedConditions.urlContains("label=7"));

		this.wait.until((driver) -> tileNames().stream().allMatch((name) -> name.equals("Dress") || name.equals("Sneaker")));
		assertThat(tileNames()).contains("Dress", "Sneaker");
		assertThat(browser.getCurrentUrl()).contains("label=3").contains("label=7").contains("page=0");
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "12,000 train images"));
		waitForImagesDecoded();
	}

	@Test
	void paginationAndTheBackButtonWork() {
		open("/?split=test&size=24");
		assertThat(tiles(24).get(0).getText()).contains("#0");

		browser.findElement(By.cssSelector("#pager-top button[aria-label='Next page']")).click();
		this.wait.until(ExpectedConditions.urlContains("page=1"));
		this.wait.until((driver) -> tiles(24).get(0).getText().contains("#24"));
		browser.findElement(By.cssSelector("#pager-top button[aria-label='Page 417']")).click();
		this.wait.until(ExpectedConditions.urlContains("page=416"));
		this.wait.until((driver) -> tiles(16).get(15).getText().contains("#9999"));

		browser.navigate().back();
		this.wait.until(ExpectedConditions.urlContains("page=1"));
		this.wait.until((driver) -> tiles(24).get(0).getText().contains("#24"));
		browser.navigate().back();
		this.wait.until((driver) -> tiles(24).get(0).getText().contains("#0"));
		assertThat(browser.findElement(By.cssSelector("input[name=split][value=test]")).isSelected()).isTrue();
	}

	@Test
	void aBookmarkedViewOpensAsItWasLeft() {
		open("/?split=test&page=3&size=96&label=8");

		this.wait.until((driver) -> tileNames().size() == 96 && tileNames().stream().allMatch("Bag"::equals));
		assertThat(browser.findElement(By.xpath("//label[contains(@class,'chip')][normalize-space()='Bag']/input")).isSelected())
			.isTrue();
		assertThat(browser.findElement(By.id("sprite-link")).getDomProperty("href")).contains("sprite.png")
			.contains("offset=288")
			.contains("label=8");
	}

	@Test
	void theDetailViewShowsTheModelsPredictionAndArrowKeysMove() throws Exception {
		open("/?split=test");
		tiles(48).get(0).findElement(By.tagName("button")).sendKeys(Keys.ENTER);

		WebElement dialog = this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("detail")));
		assertThat(browser.findElement(By.id("detail-title")).getText()).contains("test image 0");
		this.wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#detail-prediction .bars li"), 3));
		assertThat(browser.findElement(By.id("detail-prediction")).getText()).containsAnyOf("The model is right",
				"The model says");
		waitForImagesDecoded();
		screenshot("docs/gallery-detail.png");

		browser.findElement(By.id("detail-saliency")).click();
		this.wait.until((driver) -> driver.findElement(By.id("detail-image")).getDomProperty("src").contains("/items/0/saliency.png"));
		waitForImagesDecoded();
		assertThat(naturalWidth("#detail-image")).isEqualTo(280);
		screenshot("docs/gallery-saliency.png");
		browser.findElement(By.id("detail-saliency")).click();
		this.wait.until((driver) -> driver.findElement(By.id("detail-image")).getDomProperty("src").contains("/images/0.png"));

		dialog.sendKeys(Keys.ARROW_RIGHT);
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail-title"), "test image 1"));
		dialog.sendKeys(Keys.ARROW_LEFT);
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail-title"), "test image 0"));
		dialog.sendKeys(Keys.ESCAPE);
		this.wait.until(ExpectedConditions.invisibilityOf(dialog));
	}

	@Test
	void uploadingAPngOfATestImageShowsItsClass() throws Exception {
		open("/");
		tiles(48);
		Path png = Files.createTempFile("trouser", ".png");
		// Test image 2 is a trouser, which the model gets right.
		Files.write(png, download("/api/v1/datasets/fashion-mnist/splits/test/images/2.png"));

		browser.findElement(By.id("file-input")).sendKeys(png.toAbsolutePath().toString());

		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("own-result"), "Trouser"));
		assertThat(browser.findElements(By.cssSelector("#own-result .bars li"))).hasSize(3);
		this.wait.until((driver) -> naturalWidth("#own-result img.saliency") == 140);
		assertThat(browser.findElement(By.cssSelector("#own-result img.saliency")).getDomProperty("src")).startsWith("blob:");
	}

	@Test
	void anApiFailureIsShownToThePerson() throws Exception {
		open("/");
		tiles(48);
		Path notAnImage = Files.createTempFile("broken", ".png");
		Files.writeString(notAnImage, "this is not a PNG");

		browser.findElement(By.id("file-input")).sendKeys(notAnImage.toAbsolutePath().toString());

		WebElement error = this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#own-result [role=alert]")));
		assertThat(error.getText()).startsWith("Could not classify").hasSizeGreaterThan(25);
	}

	@Test
	void theSummaryShowsClassCountsAndTheConfusionMatrix() throws Exception {
		open("/");
		tiles(48);

		this.wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("table.confusion tbody tr"), 10));
		assertThat(browser.findElement(By.id("model-summary")).getText()).containsPattern("test accuracy 9\\d\\.\\d\\d%");
		assertThat(browser.findElements(By.cssSelector("table.counts tbody tr"))).hasSize(10);
		waitForImagesDecoded();
		screenshot("docs/gallery.png");
	}

	@Test
	void misclassifiedOnlyShowsTheModelsMistakesAndStaysInTheUrl() throws Exception {
		open("/?split=test");
		tiles(48);

		browser.findElement(By.id("misclassified")).click();
		this.wait.until(ExpectedConditions.urlContains("correct=false"));
		this.wait.until((driver) -> driver.findElements(By.cssSelector("#grid .tile .predicted.bad")).size() == 48);
		for (WebElement tile : tiles(48)) {
			String trueName = tile.findElement(By.className("name")).getText();
			String predicted = tile.findElement(By.className("predicted")).getText();
			assertThat(predicted).matches("→ .+ \\d+%").doesNotStartWith("→ " + trueName + " ");
		}
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "test images misclassified"));
		waitForImagesDecoded();
		screenshot("docs/gallery-misclassified.png");

		browser.navigate().refresh();
		this.wait.until((driver) -> driver.findElements(By.cssSelector("#grid .tile .predicted.bad")).size() == 48);
		assertThat(browser.findElement(By.id("misclassified")).isSelected()).isTrue();
	}

	@Test
	void aCellOfTheConfusionMatrixOpensTheImagesOfThatPair() {
		open("/");
		tiles(48);
		// Shirts the model takes for T-shirts: the largest mistake of most Fashion-MNIST models.
		WebElement cell = this.wait.until(ExpectedConditions.elementToBeClickable(
				By.cssSelector("table.confusion button.cell[data-true='6'][data-predicted='0']")));
		int count = Integer.parseInt(cell.getText());

		cell.click();
		this.wait.until(ExpectedConditions.urlContains("predicted=0"));
		assertThat(browser.getCurrentUrl()).contains("split=test").contains("label=6");
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"),
				count + " test images of Shirt, predicted as T-shirt/top"));
		this.wait.until((driver) -> tileNames().size() == Math.min(48, count) && tileNames().stream().allMatch("Shirt"::equals));
		browser.findElements(By.cssSelector("#grid .tile .predicted"))
			.forEach((predicted) -> assertThat(predicted.getText()).startsWith("→ T-shirt/top "));
		assertThat(browser.findElement(By.id("predicted-names")).getText()).isEqualTo("T-shirt/top");

		browser.findElement(By.id("clear-predicted")).click();
		this.wait.until((driver) -> !driver.getCurrentUrl().contains("predicted="));
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "1,000 test images of Shirt"));
	}

	@Test
	void theClassCountsShowEachClassesMeanImage() {
		open("/");
		tiles(48);

		this.wait.until((driver) -> (Boolean) ((JavascriptExecutor) driver).executeScript(
				"const images = [...document.querySelectorAll('table.counts img.mean')];"
						+ "return images.length === 10 && images.every((image) => image.complete && image.naturalWidth === 28);"));
		assertThat(browser.findElement(By.cssSelector("table.counts tbody tr:nth-child(10) img")).getDomAttribute("alt"))
			.isEqualTo("mean train image of Ankle boot");
	}

	@Test
	void itIsUsableAtPhoneWidth() {
		browser.manage().window().setSize(new Dimension(390, 844));
		open("/");
		tiles(48);

		Number overflow = (Number) ((JavascriptExecutor) browser)
			.executeScript("return document.documentElement.scrollWidth - window.innerWidth");
		assertThat(overflow.intValue()).isLessThanOrEqualTo(0);
		assertThat(tiles(48).get(0).getSize().getWidth()).isGreaterThan(60);
	}

	private void open(String path) {
		browser.get("http://localhost:" + this.port + path);
	}

	private List<WebElement> tiles(int count) {
		return this.wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#grid li.tile:not(.placeholder)"), count));
	}

	private List<String> tileNames() {
		return browser.findElements(By.cssSelector("#grid .tile .name")).stream().map(WebElement::getText).toList();
	}

	private void waitForImagesDecoded() {
		this.wait.until((driver) -> (Boolean) ((JavascriptExecutor) driver).executeScript(
				"const images = [...document.querySelectorAll('#grid img, dialog[open] img')];"
						+ "images.forEach((image) => { image.loading = 'eager'; });"
						+ "return images.length > 0 && images.every((image) => image.complete && image.naturalWidth > 0);"));
	}

	/** The decoded width of the image {@code selector} finds; 0 while it is not decoded, -1 while absent. */
	private static long naturalWidth(String selector) {
		Object width = ((JavascriptExecutor) browser).executeScript(
				"const image = document.querySelector(arguments[0]); return image ? (image.complete ? image.naturalWidth : 0) : -1;",
				selector);
		return ((Number) width).longValue();
	}

	private byte[] download(String path) throws Exception {
		try (var in = new java.net.URI("http://localhost:" + this.port + path).toURL().openStream()) {
			return in.readAllBytes();
		}
	}

	/** Keeps a screenshot under target/ always; into docs/ (for the README) only when asked to. */
	private void screenshot(String docsPath) throws Exception {
		File shot = browser.getScreenshotAs(OutputType.FILE);
		BufferedImage image = ImageIO.read(shot);
		assertThat(image.getWidth()).isGreaterThan(300);
		Path target = Path.of("target/screenshots").resolve(Path.of(docsPath).getFileName());
		Files.createDirectories(target.getParent());
		Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		if (Boolean.getBoolean("gallery.screenshots")) {
			Files.copy(shot.toPath(), Path.of(docsPath), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		}
	}

}
