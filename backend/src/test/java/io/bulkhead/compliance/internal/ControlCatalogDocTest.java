package io.bulkhead.compliance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.compliance.Control;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The control catalog documented in one generated table, {@code docs/controls.md} at the repository root: this test
 * renders the catalog and fails when the checked-in file differs. Regenerate with
 * {@code ./mvnw -pl backend test -Dtest=ControlCatalogDocTest -Dbulkhead.regenerateDocs=true}.
 */
class ControlCatalogDocTest {

    static final String REGENERATE =
            "./mvnw -B -o -pl backend test -Dtest=ControlCatalogDocTest -Dbulkhead.regenerateDocs=true";

    @Test
    void docsControlsMdIsTheRenderedCatalog() throws IOException {
        Path file = repositoryRoot().resolve("docs").resolve("controls.md");
        String rendered = render();
        if (Boolean.getBoolean("bulkhead.regenerateDocs")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, rendered, StandardCharsets.UTF_8);
        }
        assertThat(file)
                .as("docs/controls.md is missing; generate it with: " + REGENERATE)
                .exists();
        String checkedIn = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(checkedIn)
                .as("docs/controls.md differs from the control catalog; regenerate it with: " + REGENERATE)
                .isEqualTo(rendered);
    }

    @Test
    void everyNsaCisaAndCisControlCitesItsSection() {
        for (ControlCatalog.Entry e : ControlCatalog.entries()) {
            Control c = e.control();
            assertThat(e.citations()).as(c.id() + " cites its sources").isNotEmpty();
            assertThat(e.citations()).as(c.id() + " cites its own source").anyMatch(x -> x.source() == c.source());
            if (c.reference().contains("NSA/CISA")) {
                assertThat(e.citations())
                        .as(c.id() + " names NSA/CISA, so cites its chapter › section")
                        .anyMatch(x -> x.source() == Control.Source.NSA_CISA
                                && x.section().matches("[A-Z][^›]+ › [A-Z].+"));
            }
            for (String cis : cisNumbers(c.reference())) {
                assertThat(e.citations())
                        .as(c.id() + " names CIS " + cis + ", so cites it")
                        .anyMatch(x ->
                                x.source() == Control.Source.CIS && x.section().equals(cis));
            }
            e.citations().stream()
                    .filter(x -> x.source() == Control.Source.CIS)
                    .forEach(x -> assertThat(x.section()).matches("5\\.\\d+\\.\\d+"));
            assertThat(c.field()).as(c.id() + " names the fields it reads").isNotBlank();
        }
    }

    @Test
    void theRenderedTableHasOneRowPerControlWithItsSections() {
        String md = render();
        List<String> rows = md.lines().filter(l -> l.startsWith("| `")).toList();
        assertThat(rows).hasSize(ControlCatalog.entries().size());
        assertThat(rows)
                .filteredOn(r -> r.startsWith("| `pss-run-as-non-root` "))
                .singleElement()
                .satisfies(r -> assertThat(r)
                        .contains("PSS restricted: Running as Non-root")
                        .contains("CIS v1.10 5.2.7")
                        .contains("Pod Security restricted"));
        assertThat(rows)
                .filteredOn(r -> r.startsWith("| `nsa-read-only-root-fs` "))
                .singleElement()
                .satisfies(r -> assertThat(r)
                        .contains("NSA/CISA v1.2: Kubernetes Pod security › Immutable container file systems")
                        .contains("`securityContext.readOnlyRootFilesystem`"));
    }

    private static List<String> cisNumbers(String reference) {
        List<String> out = new ArrayList<>();
        var m = java.util.regex.Pattern.compile("CIS ((?:5\\.\\d+\\.\\d+(?:, )?)+)")
                .matcher(reference);
        while (m.find()) {
            for (String n : m.group(1).split(", ")) {
                out.add(n.trim());
            }
        }
        return out;
    }

    /** The catalog as Markdown. */
    static String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Compliance controls\n\n");
        sb.append("<!-- Generated from the control catalog (io.bulkhead.compliance.internal.ControlCatalog) by"
                + " ControlCatalogDocTest; do not edit. Regenerate: " + REGENERATE + " -->\n\n");
        sb.append("Catalog version ")
                .append(ControlCatalog.VERSION)
                .append("; Pod Security checks as of Kubernetes v1.")
                .append(PodSecurity.LATEST_MINOR)
                .append(". ")
                .append(ControlCatalog.entries().size())
                .append(" controls, in evaluation order.\n\n");
        sb.append("Sources: Pod Security Standards (PSS) baseline and restricted; NSA/CISA Kubernetes Hardening"
                + " Guide v1.2 (chapter › section); CIS Kubernetes Benchmark v1.10, section 5 (recommendation);"
                + " Bulkhead's own tier rules.\n\n");
        sb.append("*Scored in*: a Pod Security control counts in the score of a namespace whose tier enforces one of"
                + " the listed Pod Security levels (from the listed policy version); in a tier enforcing a lower"
                + " level its failures are advice only. Any other control counts in the listed tiers.\n\n");
        sb.append("| Id | Title | Severity | Scope | Source and section | Fields read | Scored in |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        for (ControlCatalog.Entry e : ControlCatalog.entries()) {
            Control c = e.control();
            sb.append("| `")
                    .append(c.id())
                    .append("` | ")
                    .append(cell(c.title()))
                    .append(" | ")
                    .append(c.severity().name().toLowerCase(java.util.Locale.ROOT))
                    .append(" | ")
                    .append(c.scope().name().toLowerCase(java.util.Locale.ROOT))
                    .append(" | ")
                    .append(e.citations().stream().map(x -> cell(x.text())).collect(Collectors.joining("<br>")))
                    .append(" | ")
                    .append(fields(c.field()))
                    .append(" | ")
                    .append(scoredIn(e))
                    .append(" |\n");
        }
        return sb.toString();
    }

    private static String scoredIn(ControlCatalog.Entry e) {
        PodSecurity.Rule rule = e.pss();
        if (rule == null) {
            return "tiers " + e.control().tiers().stream().sorted().collect(Collectors.joining(", "));
        }
        List<String> levels = new ArrayList<>();
        for (PodSecurity.Level l : List.of(PodSecurity.Level.BASELINE, PodSecurity.Level.RESTRICTED)) {
            if (rule.runsIn(new PodSecurity.Profile(l, PodSecurity.LATEST_MINOR))) {
                levels.add(l.label());
            }
        }
        String replaced = rule.level() == PodSecurity.Level.BASELINE && !levels.contains("restricted")
                ? " (restricted replaces it with its own check)"
                : "";
        return "Pod Security " + String.join(", ", levels) + ", from v1." + rule.since() + replaced;
    }

    /** Each field in backticks, split at top-level ", " (not inside braces). */
    private static String fields(String field) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < field.length(); i++) {
            char ch = field.charAt(i);
            if (ch == '{' || ch == '(') {
                depth++;
            } else if (ch == '}' || ch == ')') {
                depth--;
            } else if (depth == 0 && field.startsWith(", ", i)) {
                parts.add(field.substring(start, i));
                start = i + 2;
            }
        }
        parts.add(field.substring(start));
        return parts.stream()
                .map(String::trim)
                .map(p -> "`" + p.replace("|", "\\|") + "`")
                .collect(Collectors.joining("<br>"));
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    /** The repository root: the directory above the module tests run in (its pom.xml lists the modules). */
    private static Path repositoryRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("mvnw")) && Files.isDirectory(p.resolve("backend"))) {
                return p;
            }
        }
        throw new IllegalStateException("No repository root above " + dir);
    }
}
