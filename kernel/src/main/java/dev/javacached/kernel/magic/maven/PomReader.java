package dev.javacached.kernel.magic.maven;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.apache.maven.model.Dependency;
import org.apache.maven.model.Exclusion;
import org.apache.maven.model.Model;
import org.apache.maven.model.Repository;
import org.apache.maven.model.building.DefaultModelBuilderFactory;
import org.apache.maven.model.building.DefaultModelBuildingRequest;
import org.apache.maven.model.building.ModelBuildingException;
import org.apache.maven.model.building.ModelBuildingRequest;
import org.apache.maven.model.building.ModelProblem;
import org.apache.maven.model.building.ModelSource;
import org.apache.maven.model.building.StringModelSource;
import org.apache.maven.model.resolution.ModelResolver;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

/**
 * Turns a POM, or the fragments of one a README shows ({@code <dependency>},
 * {@code <repository>}, their {@code <dependencies>} / {@code <repositories>} lists,
 * {@code <properties>}, {@code <dependencyManagement>}), into one {@link MavenResolver.Request}.
 *
 * <p>Maven's own model builder makes the effective model: {@code ${x}} from
 * {@code <properties>} and {@code ${project.version}} are interpolated, managed versions
 * fill in missing ones, a parent POM and {@code import}-scoped BOMs are fetched through the
 * resolver (a parent beside a POM file is read from disk), active-by-default profiles apply.
 * Fragments are put in a {@code <project>} with the JDK's XML parser first.
 */
final class PomReader {

    /** The scopes taken when none are named: IJava's, less system (a jar path, for %jars). */
    static final List<String> DEFAULT_SCOPES = List.of("compile", "runtime", "import");
    private static final Set<String> FRAGMENT_ELEMENTS = Set.of("dependency", "dependencies", "repository",
            "repositories", "properties", "dependencyManagement");

    private PomReader() {
    }

    /** A whole POM ({@code <project>} root) or fragments, as text. */
    static MavenResolver.Request fromText(String xml, List<String> scopes, ModelResolver parents)
            throws ClasspathException {
        String pom = asProject(xml);
        DefaultModelBuildingRequest request = baseRequest(parents);
        request.setModelSource(new StringModelSource(pom, "the cell"));
        return toRequest(build(request, "the cell"), scopes);
    }

    /** A POM file; a parent it names by {@code <relativePath>} is read from disk. */
    static MavenResolver.Request fromFile(Path pom, List<String> scopes, ModelResolver parents)
            throws ClasspathException {
        if (!Files.isRegularFile(pom)) {
            throw new ClasspathException(ClasspathException.Kind.BAD_POM, "No POM file at " + pom);
        }
        DefaultModelBuildingRequest request = baseRequest(parents);
        request.setPomFile(pom.toFile());
        return toRequest(build(request, pom.toString()), scopes);
    }

    private static DefaultModelBuildingRequest baseRequest(ModelResolver parents) {
        DefaultModelBuildingRequest request = new DefaultModelBuildingRequest();
        request.setValidationLevel(ModelBuildingRequest.VALIDATION_LEVEL_MINIMAL);
        request.setProcessPlugins(false);
        request.setTwoPhaseBuilding(false);
        request.setLocationTracking(false);
        Properties system = new Properties();
        system.putAll(System.getProperties());
        request.setSystemProperties(system);
        request.setModelResolver(parents);
        return request;
    }

    private static Model build(DefaultModelBuildingRequest request, String where) throws ClasspathException {
        try {
            return new DefaultModelBuilderFactory().newInstance().build(request).getEffectiveModel();
        } catch (ModelBuildingException e) {
            String problems = e.getProblems().stream()
                    .filter(p -> p.getSeverity() != ModelProblem.Severity.WARNING)
                    .map(p -> p.getMessage() + (p.getLineNumber() > 0 ? " (line " + p.getLineNumber() + ")" : ""))
                    .distinct()
                    .collect(Collectors.joining("; "));
            throw new ClasspathException(ClasspathException.Kind.BAD_POM,
                    "Cannot read the POM in " + where + ": " + (problems.isEmpty() ? e.getMessage() : problems), e);
        } catch (RuntimeException e) {
            throw new ClasspathException(ClasspathException.Kind.BAD_POM,
                    "Cannot read the POM in " + where + ": " + e, e);
        }
    }

    /**
     * The text as a POM: unchanged when its root is {@code <project>}, else its fragments
     * collected into one, with placeholder coordinates.
     */
    static String asProject(String xml) throws ClasspathException {
        String text = xml.strip();
        if (text.startsWith("<?xml")) {
            int end = text.indexOf("?>");
            text = end < 0 ? text : text.substring(end + 2).strip();
        }
        Document fragments = parse("<fragments>" + text + "</fragments>");
        List<Element> top = children(fragments.getDocumentElement());
        if (top.size() == 1 && top.get(0).getTagName().equals("project")) {
            return xml.strip();
        }
        if (top.isEmpty()) {
            throw new ClasspathException(ClasspathException.Kind.BAD_POM,
                    "The cell holds no POM elements: expected <dependency>, <repository> (or their lists),"
                            + " <properties>, <dependencyManagement>, or a whole <project>");
        }
        Document pom = newBuilder().newDocument();
        Element project = pom.createElement("project");
        pom.appendChild(project);
        append(pom, project, "modelVersion", "4.0.0");
        append(pom, project, "groupId", "notebook");
        append(pom, project, "artifactId", "notebook");
        append(pom, project, "version", "0");
        Map<String, Element> sections = new LinkedHashMap<>();
        for (Element e : top) {
            String tag = e.getTagName();
            if (!FRAGMENT_ELEMENTS.contains(tag)) {
                if (Set.of("modelVersion", "groupId", "artifactId", "version", "packaging", "name").contains(tag)) {
                    continue; // copied with a snippet; the placeholders do
                }
                throw new ClasspathException(ClasspathException.Kind.BAD_POM, "<" + tag + "> is not a POM"
                        + " fragment %%loadFromPOM takes: use <dependency>, <repository> (or their lists),"
                        + " <properties>, <dependencyManagement>, or a whole <project>");
            }
            switch (tag) {
                case "dependency" -> section(pom, project, sections, "dependencies").appendChild(pom.importNode(e, true));
                case "repository" -> section(pom, project, sections, "repositories").appendChild(pom.importNode(e, true));
                case "dependencies", "repositories", "properties" -> {
                    Element into = section(pom, project, sections, tag);
                    for (Element child : children(e)) {
                        into.appendChild(pom.importNode(child, true));
                    }
                }
                default -> project.appendChild(pom.importNode(e, true));
            }
        }
        return serialize(pom);
    }

    private static Element section(Document pom, Element project, Map<String, Element> sections, String tag) {
        return sections.computeIfAbsent(tag, t -> (Element) project.appendChild(pom.createElement(t)));
    }

    private static void append(Document pom, Element parent, String tag, String text) {
        Element e = pom.createElement(tag);
        e.setTextContent(text);
        parent.appendChild(e);
    }

    private static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                out.add(child);
            }
        }
        return out;
    }

    private static Document parse(String xml) throws ClasspathException {
        try {
            return newBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (SAXParseException e) {
            throw new ClasspathException(ClasspathException.Kind.BAD_POM, "The POM in the cell is not well-formed"
                    + " XML: " + e.getMessage() + " (line " + e.getLineNumber() + ")", e);
        } catch (Exception e) {
            throw new ClasspathException(ClasspathException.Kind.BAD_POM, "Cannot read the POM in the cell: " + e, e);
        }
    }

    private static DocumentBuilder newBuilder() throws ClasspathException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            DocumentBuilder builder = f.newDocumentBuilder();
            // the parser's default handler prints to the kernel's stderr; the exception says it all
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
            return builder;
        } catch (Exception e) {
            throw new ClasspathException(ClasspathException.Kind.BAD_POM, "No XML parser: " + e, e);
        }
    }

    private static String serialize(Document pom) throws ClasspathException {
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(pom), new StreamResult(out));
            return out.toString();
        } catch (Exception e) {
            throw new ClasspathException(ClasspathException.Kind.BAD_POM, "Cannot assemble the POM: " + e, e);
        }
    }

    /** The effective model's dependencies (of {@code scopes}), managed versions and repositories. */
    static MavenResolver.Request toRequest(Model model, List<String> scopes) throws ClasspathException {
        List<String> requested = new ArrayList<>();
        List<org.eclipse.aether.graph.Dependency> direct = new ArrayList<>();
        for (Dependency d : model.getDependencies()) {
            String scope = d.getScope() == null ? "compile" : d.getScope().toLowerCase(Locale.ROOT);
            if (!scopes.contains(scope)) {
                continue;
            }
            if (scope.equals("system")) {
                throw new ClasspathException(ClasspathException.Kind.BAD_POM, d.getManagementKey()
                        + " has scope system: add its jar with %jars " + d.getSystemPath() + " instead");
            }
            direct.add(toAether(d, JavaScopes.RUNTIME));
            requested.add(d.getGroupId() + ":" + d.getArtifactId() + ":" + d.getVersion());
        }
        if (direct.isEmpty()) {
            throw new ClasspathException(ClasspathException.Kind.BAD_POM, "The POM has no dependencies"
                    + (model.getDependencies().isEmpty() ? "" : " of scope " + String.join(", ", scopes)));
        }
        List<org.eclipse.aether.graph.Dependency> managed = new ArrayList<>();
        if (model.getDependencyManagement() != null) {
            for (Dependency d : model.getDependencyManagement().getDependencies()) {
                managed.add(toAether(d, d.getScope()));
            }
        }
        List<org.eclipse.aether.repository.RemoteRepository> repositories = new ArrayList<>();
        for (Repository r : model.getRepositories()) {
            if (!r.getId().equals("central")) {
                repositories.add(MavenResolver.repository(r.getId(), r.getUrl()));
            }
        }
        return new MavenResolver.Request(requested, direct, managed, repositories);
    }

    private static org.eclipse.aether.graph.Dependency toAether(Dependency d, String scope)
            throws ClasspathException {
        if (d.getVersion() == null || d.getVersion().isBlank()) {
            throw new ClasspathException(ClasspathException.Kind.BAD_POM, d.getGroupId() + ":" + d.getArtifactId()
                    + " has no version (and none is managed in <dependencyManagement>)");
        }
        String type = d.getType() == null ? "jar" : d.getType();
        String classifier = d.getClassifier() == null ? "" : d.getClassifier();
        String extension = switch (type) {
            case "jar", "bundle", "maven-plugin", "ejb" -> "jar";
            case "test-jar" -> {
                classifier = classifier.isEmpty() ? "tests" : classifier;
                yield "jar";
            }
            default -> type;
        };
        List<org.eclipse.aether.graph.Exclusion> exclusions = new ArrayList<>();
        for (Exclusion e : d.getExclusions()) {
            exclusions.add(new org.eclipse.aether.graph.Exclusion(e.getGroupId(), e.getArtifactId(), "*", "*"));
        }
        return new org.eclipse.aether.graph.Dependency(
                new DefaultArtifact(d.getGroupId(), d.getArtifactId(), classifier, extension, d.getVersion()),
                scope, d.isOptional(), exclusions);
    }
}
