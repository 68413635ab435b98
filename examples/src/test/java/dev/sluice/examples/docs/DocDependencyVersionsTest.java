package dev.sluice.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Every Maven coordinate the user guide tells a reader to add names a version, and the version
 * Sluice is built with: {@code sluice-bom} pins Sluice's own modules only, so a third-party
 * dependency without a version would not resolve. Sluice's modules may leave the version to the BOM.
 */
class DocDependencyVersionsTest {
  private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");
  /** {@code `group:artifact`} in running text: a coordinate without a version. */
  private static final Pattern BARE_COORDINATE = Pattern.compile("`([a-z][\\w.-]*\\.[\\w.-]+):([a-z][\\w.-]*)`");

  @Test
  void everyDependencyInTheDocsNamesTheVersionTheBuildUses() throws Exception {
    Document pom = parse(String.join("\n", DocPages.read(DocPages.root().resolve("pom.xml"))));
    Map<String, String> properties = properties(pom);
    String projectVersion = text(pom.getDocumentElement(), "version");
    Map<String, String> built = coordinates(pom.getDocumentElement(), properties);
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (var page : DocPages.pages()) {
      for (DocPages.Block block : DocPages.blocks(page, "xml")) {
        Document snippet = parse("<snippet>" + block.text() + "</snippet>");
        for (Element e : coordinatesIn(snippet.getDocumentElement())) {
          checked++;
          String group = text(e, "groupId");
          String artifact = text(e, "artifactId");
          String version = text(e, "version");
          String id = group + ":" + artifact;
          if (group.equals("dev.sluice")) {
            if (version != null && !version.equals(projectVersion)) {
              problems.add(block.where() + ": " + id + " " + version + ", but Sluice is " + projectVersion);
            }
            continue;
          }
          String expected = built.get(id);
          if (expected == null) {
            expected = bomVersion(pom, group, properties);
          }
          if (version == null) {
            problems.add(block.where() + ": " + id + " has no version (sluice-bom pins only dev.sluice modules);"
                + " Sluice builds with " + expected);
          } else if (expected != null && !expected.equals(version)) {
            problems.add(block.where() + ": " + id + " " + version + ", but Sluice builds with " + expected);
          }
        }
      }
    }
    for (var page : DocPages.pages()) {
      List<String> lines = DocPages.read(page);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = BARE_COORDINATE.matcher(lines.get(i));
        while (m.find()) {
          if (!m.group(1).equals("dev.sluice")) {
            problems.add("docs/" + page.getFileName() + ":" + (i + 1) + ": " + m.group(1) + ":" + m.group(2)
                + " named without a version; show it as a dependency with the version Sluice builds with");
          }
        }
      }
    }
    assertThat(checked).as("coordinates found in the docs").isGreaterThan(5);
    assertThat(problems).isEmpty();
  }

  /** Elements with a groupId and an artifactId: dependencies, artifact items, plugins. */
  private static List<Element> coordinatesIn(Element root) {
    List<Element> out = new ArrayList<>();
    NodeList all = root.getElementsByTagName("*");
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      if (child(e, "groupId") != null && child(e, "artifactId") != null
          && (e.getTagName().equals("dependency") || e.getTagName().equals("artifactItem"))) {
        out.add(e);
      }
    }
    return out;
  }

  /** groupId:artifactId → version of every coordinate with a version in the root pom. */
  private static Map<String, String> coordinates(Element root, Map<String, String> properties) {
    Map<String, String> out = new HashMap<>();
    NodeList all = root.getElementsByTagName("*");
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      String version = text(e, "version");
      if (child(e, "groupId") != null && child(e, "artifactId") != null && version != null) {
        out.put(text(e, "groupId") + ":" + text(e, "artifactId"), resolve(version, properties));
      }
    }
    return out;
  }

  /** The version of a BOM the root pom imports for {@code group} (junit-bom for org.junit.*). */
  private static String bomVersion(Document pom, String group, Map<String, String> properties) {
    NodeList deps = pom.getElementsByTagName("dependency");
    for (int i = 0; i < deps.getLength(); i++) {
      Element d = (Element) deps.item(i);
      if ("import".equals(text(d, "scope")) && group.startsWith(text(d, "groupId"))) {
        return resolve(text(d, "version"), properties);
      }
    }
    return null;
  }

  private static Map<String, String> properties(Document pom) {
    Map<String, String> out = new HashMap<>();
    Element props = child(pom.getDocumentElement(), "properties");
    for (Node n = props.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        out.put(e.getTagName(), e.getTextContent().strip());
      }
    }
    return out;
  }

  private static String resolve(String value, Map<String, String> properties) {
    Matcher m = PROPERTY.matcher(value);
    return m.replaceAll(r -> Matcher.quoteReplacement(properties.getOrDefault(r.group(1), r.group())));
  }

  private static Element child(Element parent, String tag) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(tag)) {
        return e;
      }
    }
    return null;
  }

  private static String text(Element parent, String tag) {
    Element c = child(parent, tag);
    return c == null ? null : c.getTextContent().strip();
  }

  private static Document parse(String xml) throws ParserConfigurationException, SAXException, IOException {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
  }
}
