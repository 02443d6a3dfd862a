"""The HTML glossary in a real headless Chromium (Debian's chromium + chromedriver, via Selenium).

CI installs the browser (``.ci/run``); the test skips only when Chromium cannot be had at all.
The screenshots are kept in pytest's temporary folder (the path is printed with ``-s``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from glossary.exports.html import search_key

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)

# long names a phone must wrap: a file name, an unbroken identifier-like term and a long term list
LONG_NAME = "experiment_notes_for_the_distributed_training_cluster_configuration_2030_final_revised.md"
LONG_TERM = "HyperparameterOptimisationSchedulerWithAdaptiveLearningRateWarmup"
DOCS = {
    LONG_NAME: f"学習率スケジューラ({LONG_TERM}、HOSALRW)を設定する。"
    "分散データ並列学習(Distributed Data Parallel Training With Gradient Accumulation、DDPTGA)を使う。"
    "比較には Hierarchical Multiscale Shifted Window Attention Vision Transformer (HMSWAVT) を使う。\n",
    "opt.md": "確率的勾配降下法(Stochastic Gradient Descent、SGD)でモデルを学習する。"
    "学習率(learning rate)は小さめにする。\n",
    "vision.md": "トランスフォーマー(Transformer)は注意機構を使うモデルである。\n"
    "画像には Vision Transformer (ViT)(ViT、ビジョン・トランスフォーマー)を使う。\n",
    "sae.md": "スパース・オートエンコーダ(Sparse Autoencoder、SAE)で特徴を調べる。\n"
    "スタック型オートエンコーダ(Stacked Autoencoder、SAE)は層を積み重ねる。\n"
    "危険な記法<script>alert(1)</script>の例として、表記(notation)を説明する。\n",
}


def _unavailable() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not Path(path).exists():
            return (
                f"{path} not found: install Debian's {package} (apt-get install -y chromium chromium-driver)"
            )
    return None


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("browser")
    for name, text in DOCS.items():
        (root / name).write_text(text, encoding="utf-8")
    out = root / "glossary.html"
    r = subprocess.run(
        [sys.executable, "-m", "glossary", "extract", str(root), "--format", "html", "-o", str(out), "-q"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    reason = _unavailable()
    if reason:
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.add_argument("--window-size=1200,900")
    try:
        driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    except Exception as exc:  # the binary is there but cannot start: that is a failure, not a skip
        pytest.fail(f"Chromium did not start: {exc}")
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def _visible_titles(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    return [
        e.find_element(By.TAG_NAME, "h3").text
        for e in driver.find_elements(By.CSS_SELECTOR, "article.entry")
        if e.is_displayed()
    ]


def test_search_filters_and_cross_links_work(browser, page: Path, tmp_path_factory) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    driver.get(page.as_uri())
    assert driver.title == "Glossary"
    everything = _visible_titles(driver)
    assert len(everything) == 10, everything
    assert driver.find_element(By.ID, "count").text == "10 entries"
    # escaped input: the script in the text is shown, never run or parsed as markup
    assert driver.execute_script("return document.querySelectorAll('main script').length") == 0
    assert "<script>alert(1)</script>" in driver.find_element(By.TAG_NAME, "main").text

    box = driver.find_element(By.ID, "q")
    box.send_keys("ビジョントランスフォーマ")  # no dot, short long-vowel: normalised match
    assert [t for t in _visible_titles(driver)] == [t for t in everything if "ビジョン" in t]
    assert driver.find_element(By.ID, "count").text == "1 of 10 entries"
    group_ka = driver.find_element(By.ID, "g-か")  # 確率的勾配降下法 lives under か: hidden now
    assert not group_ka.is_displayed()
    shots = tmp_path_factory.mktemp("screenshots")
    driver.save_screenshot(str(shots / "search.png"))

    box.clear()
    box.send_keys("SGD")
    assert len(_visible_titles(driver)) == 1 and "確率的勾配降下法" in _visible_titles(driver)[0]
    box.clear()
    box.send_keys("すぱーす")  # hiragana finds katakana
    assert any("Sparse Autoencoder" in t for t in _visible_titles(driver))
    box.clear()
    box.send_keys("transformer")
    assert len(_visible_titles(driver)) == 3

    # follow the typed link from Vision Transformer to its broader term, hidden by no filter
    vit = driver.find_element(By.CSS_SELECTOR, "article#e-vision-transformer")
    link = vit.find_element(By.CSS_SELECTOR, "a.xref.broader")
    assert link.text == "トランスフォーマー"
    box.clear()
    box.send_keys("ViT")  # the target is now filtered out; the link must still work
    assert len(_visible_titles(driver)) == 1
    link.click()
    assert driver.current_url.endswith("#e-transformer")
    target = driver.find_element(By.ID, "e-transformer")
    assert target.is_displayed()
    assert box.get_attribute("value") == ""  # the filter was cleared to show the target
    top = driver.execute_script("return arguments[0].getBoundingClientRect().top", target)
    assert 0 <= top < driver.execute_script("return window.innerHeight")
    driver.save_screenshot(str(shots / "link.png"))

    # homonyms link both ways
    sae = driver.find_element(By.ID, "e-sparse-autoencoder")
    assert (
        sae.find_element(By.CSS_SELECTOR, "a.xref.homonym")
        .get_attribute("href")
        .endswith("#e-stacked-autoencoder")
    )
    print(f"screenshots in {shots}")


def test_phone_width_has_no_horizontal_scroll(browser, page: Path, tmp_path_factory) -> None:
    """At 390 px (a phone) the page is exactly as wide as the screen, long file names and terms included."""
    from selenium.webdriver.common.by import By

    driver = browser
    driver.set_window_size(390, 844)
    try:
        driver.get(page.as_uri())
        assert LONG_TERM in driver.find_element(By.TAG_NAME, "main").text
        assert LONG_NAME in driver.find_element(By.TAG_NAME, "main").text
        width = driver.execute_script("return window.innerWidth")
        client = driver.execute_script("return document.documentElement.clientWidth")
        scroll = driver.execute_script("return document.documentElement.scrollWidth")
        assert width == 390 or client <= width  # the window really is phone-sized
        assert scroll == client, f"page is {scroll}px wide on a {client}px screen"
        widest = driver.execute_script(
            "return Math.max(...Array.from(document.querySelectorAll('main *'),"
            " e => e.getBoundingClientRect().right))"
        )
        assert widest <= client, f"an element reaches {widest}px on a {client}px screen"
        driver.save_screenshot(str(tmp_path_factory.mktemp("screenshots") / "phone.png"))
    finally:
        driver.set_window_size(1200, 900)


@pytest.mark.parametrize(
    "text",
    [
        "スパース・オートエンコーダー",
        "Sparse Auto-Encoders",
        "ＧＰＴ－４",
        "がくしゅう率",
        "“Quoted” term",
        "ｶﾀｶﾅ",
    ],
)
def test_page_search_key_matches_python(browser, page: Path, text: str) -> None:
    browser.get(page.as_uri())
    assert browser.execute_script("return window.glossarySearchKey(arguments[0])", text) == search_key(text)
