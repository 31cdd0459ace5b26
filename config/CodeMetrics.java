import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Structure figures of the main code of each module, and the Checkstyle limits that hold them.
 *
 * <p>Run from the repository root: {@code java config/CodeMetrics.java} (or {@code
 * config/code-metrics.sh}). Sources are parsed with the JDK's own Java parser; nothing is compiled
 * or resolved, so no build is needed first.
 *
 * <p>What is counted, per module, over {@code src/main/java} only:
 *
 * <ul>
 *   <li>Method length: for every method and constructor that has a body (including those of nested
 *       and anonymous classes, excluding lambdas), the lines from the line of the body's opening
 *       brace to the line of its closing brace, both included, blank and comment lines included.
 *       This is what Checkstyle's {@code MethodLength} counts with {@code countEmpty=true}, so the
 *       maximum printed here can be compared with its limit. A one-statement method laid out by
 *       google-java-format counts 3. Median and p90 are nearest-rank percentiles.
 *   <li>File length: the number of lines of a file, as Checkstyle's {@code FileLength} counts them.
 *   <li>Parameters: the most parameters of one method or constructor.
 *   <li>Inline qualified names: lines outside comments, imports and the package declaration where a
 *       project name {@code io.github.tornadoserver.x} is written out in code (not in a string),
 *       with the pattern the Checkstyle configuration uses; the test sources are counted too,
 *       {@code module-info.java} is not (Checkstyle cannot read it).
 * </ul>
 */
public final class CodeMetrics {

  private static final List<String> MODULES =
      List.of(
          "tornado-server-core",
          "tornado-server-spring-boot-starter",
          "tornado-server-sample",
          "tornado-server-sample-webflux",
          "tornado-server-benchmarks");

  private static final Path CHECKSTYLE = Path.of("config/checkstyle/checkstyle.xml");
  private static final Path SUPPRESSIONS = Path.of("config/checkstyle/suppressions.xml");

  /** Files over this many lines are listed when the configuration has no FileLength limit. */
  private static final int LARGE_FILE_LINES = 800;

  private static int fileLimit = LARGE_FILE_LINES;

  private CodeMetrics() {}

  /** One module's figures. */
  private record ModuleFigures(
      String module,
      int files,
      List<Integer> methodLengths,
      String longestMethod,
      String largestFile,
      int largestFileLines,
      List<String> filesOverLimit,
      List<String> methodsOverLimit,
      int maxParameters,
      String widestMethod,
      List<String> parameterListsOverLimit,
      int inlineNames,
      int inlineNamesInTests) {}

  public static void main(String[] args) throws IOException {
    if (!Files.isRegularFile(CHECKSTYLE)) {
      System.err.println("run from the repository root: " + CHECKSTYLE + " not found");
      System.exit(2);
    }
    String checkstyle = Files.readString(CHECKSTYLE, StandardCharsets.UTF_8);
    Pattern inlineName = inlineNamePattern(checkstyle);
    int lengthLimit = Integer.parseInt(property(checkstyle, "MethodLength", "max", "0"));
    fileLimit =
        Integer.parseInt(
            property(checkstyle, "FileLength", "max", String.valueOf(LARGE_FILE_LINES)));
    ParameterRule parameterRule =
        new ParameterRule(
            Integer.parseInt(property(checkstyle, "ParameterNumber", "max", "0")),
            Boolean.parseBoolean(
                property(checkstyle, "ParameterNumber", "ignoreOverriddenMethods", "false")),
            List.of(property(checkstyle, "ParameterNumber", "ignoreAnnotatedBy", "").split(",")));
    System.out.println("Main code (src/main/java), per module");
    System.out.println();
    for (String module : MODULES) {
      Path root = Path.of(module, "src/main/java");
      if (Files.isDirectory(root)) {
        print(
            measure(module, root, inlineName, new MethodScanner(root, lengthLimit, parameterRule)));
      }
    }
    printLimits(checkstyle);
  }

  private static ModuleFigures measure(
      String module, Path root, Pattern inlineName, MethodScanner scanner) throws IOException {
    List<Path> sources = javaFiles(root);
    String largestFile = "-";
    int largestLines = 0;
    List<String> overLimit = new ArrayList<>();
    int inlineNames = 0;
    for (Path source : sources) {
      List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
      String relative = source.toString();
      if (lines.size() > largestLines) {
        largestLines = lines.size();
        largestFile = relative;
      }
      if (lines.size() > fileLimit) {
        overLimit.add(source.getFileName() + " " + lines.size());
      }
      if (!isModuleDescriptor(source)) {
        inlineNames += countInlineNames(lines, inlineName);
      }
    }
    int inlineNamesInTests = 0;
    Path tests = Path.of(module, "src/test/java");
    if (Files.isDirectory(tests)) {
      for (Path source : javaFiles(tests)) {
        inlineNamesInTests +=
            countInlineNames(Files.readAllLines(source, StandardCharsets.UTF_8), inlineName);
      }
    }
    parse(sources, scanner);
    return new ModuleFigures(
        module,
        sources.size(),
        scanner.lengths,
        scanner.longest,
        largestFile,
        largestLines,
        overLimit,
        scanner.longMethods,
        scanner.maxParameters,
        scanner.widest,
        scanner.wideMethods,
        inlineNames,
        inlineNamesInTests);
  }

  /** Its exports name packages, and Checkstyle does not read it (it cannot parse it). */
  private static boolean isModuleDescriptor(Path source) {
    return source.getFileName().toString().equals("module-info.java");
  }

  private static List<Path> javaFiles(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
    }
  }

  private static void parse(List<Path> sources, MethodScanner scanner) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, null)) {
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
      JavacTask task =
          (JavacTask) javac.getTask(null, files, d -> {}, List.of("-proc:none"), null, units);
      SourcePositions positions = Trees.instance(task).getSourcePositions();
      for (CompilationUnitTree unit : task.parse()) {
        scanner.unit = unit;
        scanner.positions = positions;
        scanner.scan(unit, null);
      }
    }
  }

  /** Collects the length of every method body and the parameter count of every declaration. */
  private static final class MethodScanner extends TreePathScanner<Void, Void> {
    private final Path root;
    private final ParameterRule parameterRule;
    private final List<Integer> lengths = new ArrayList<>();
    private final List<String> longMethods = new ArrayList<>();
    private final List<String> wideMethods = new ArrayList<>();
    private final int lengthLimit;
    private CompilationUnitTree unit;
    private SourcePositions positions;
    private String longest = "-";
    private int longestLength;
    private String widest = "-";
    private int maxParameters;

    MethodScanner(Path root, int lengthLimit, ParameterRule parameterRule) {
      this.root = root;
      this.lengthLimit = lengthLimit;
      this.parameterRule = parameterRule;
    }

    @Override
    public Void visitMethod(MethodTree method, Void unused) {
      String name = ownerName() + "." + method.getName();
      if (method.getBody() != null) {
        countLength(method, name);
      }
      if (!isCompactConstructor(method) && !parameterRule.ignores(method)) {
        countParameters(method, name);
      }
      return super.visitMethod(method, unused);
    }

    private void countLength(MethodTree method, String name) {
      LineMap lineMap = unit.getLineMap();
      long open = lineMap.getLineNumber(positions.getStartPosition(unit, method.getBody()));
      long close = lineMap.getLineNumber(positions.getEndPosition(unit, method.getBody()));
      int length = (int) (close - open + 1);
      lengths.add(length);
      if (length > longestLength) {
        longestLength = length;
        longest = name + " " + length;
      }
      if (lengthLimit > 0 && length > lengthLimit) {
        longMethods.add(name + " " + length);
      }
    }

    private void countParameters(MethodTree method, String name) {
      int parameters = method.getParameters().size();
      if (parameters > maxParameters) {
        maxParameters = parameters;
        widest = name + " " + parameters;
      }
      if (parameterRule.max() > 0 && parameters > parameterRule.max()) {
        wideMethods.add(name + " " + parameters);
      }
    }

    /** A record's compact constructor: the parser gives it the header's components. */
    private boolean isCompactConstructor(MethodTree method) {
      return !method.getParameters().isEmpty()
          && positions.getStartPosition(unit, method.getParameters().get(0))
              < positions.getStartPosition(unit, method);
    }

    private String ownerName() {
      for (var path = getCurrentPath(); path != null; path = path.getParentPath()) {
        if (path.getLeaf() instanceof ClassTree type && !type.getSimpleName().isEmpty()) {
          return type.getSimpleName().toString();
        }
      }
      return root.relativize(Path.of(unit.getSourceFile().toUri())).toString();
    }
  }

  /** ParameterNumber's settings: its limit and the methods it does not look at. */
  private record ParameterRule(int max, boolean ignoreOverridden, List<String> ignoredAnnotations) {

    boolean ignores(MethodTree method) {
      for (AnnotationTree annotation : method.getModifiers().getAnnotations()) {
        String type = annotation.getAnnotationType().toString();
        String simple = type.substring(type.lastIndexOf('.') + 1);
        if ((ignoreOverridden && simple.equals("Override"))
            || ignoredAnnotations.contains(simple)) {
          return true;
        }
      }
      return false;
    }
  }

  /** The inline-name pattern of the Checkstyle configuration, so both count the same lines. */
  private static Pattern inlineNamePattern(String checkstyle) {
    Matcher check =
        Pattern.compile(
                "<module name=\"RegexpSinglelineJava\">.*?"
                    + "<property name=\"id\" value=\"inlineQualifiedName\"/>.*?"
                    + "<property name=\"format\" value=\"([^\"]*)\"/>",
                Pattern.DOTALL)
            .matcher(checkstyle);
    String format =
        check.find() ? unescapeXml(check.group(1)) : "^(?!\\s*(import|package)\\s).*io\\.github";
    return Pattern.compile(format);
  }

  private static int countInlineNames(List<String> lines, Pattern inlineName) {
    int count = 0;
    boolean inComment = false;
    for (String line : lines) {
      String code = stripComments(line, inComment);
      inComment = endsInComment(line, inComment);
      if (inlineName.matcher(code).find()) {
        count++;
      }
    }
    return count;
  }

  /** The line without its comments: what Checkstyle's {@code ignoreComments} leaves to match. */
  private static String stripComments(String line, boolean inComment) {
    StringBuilder code = new StringBuilder();
    int i = 0;
    boolean comment = inComment;
    while (i < line.length()) {
      if (comment) {
        int end = line.indexOf("*/", i);
        if (end < 0) {
          return code.toString();
        }
        comment = false;
        i = end + 2;
      } else if (line.startsWith("//", i)) {
        return code.toString();
      } else if (line.startsWith("/*", i)) {
        comment = true;
        i += 2;
      } else {
        code.append(line.charAt(i++));
      }
    }
    return code.toString();
  }

  private static boolean endsInComment(String line, boolean inComment) {
    boolean comment = inComment;
    int i = 0;
    while (i < line.length()) {
      if (comment) {
        int end = line.indexOf("*/", i);
        if (end < 0) {
          return true;
        }
        comment = false;
        i = end + 2;
      } else if (line.startsWith("//", i)) {
        return false;
      } else if (line.startsWith("/*", i)) {
        comment = true;
        i += 2;
      } else {
        i++;
      }
    }
    return comment;
  }

  private static void print(ModuleFigures figures) {
    List<Integer> sorted = new ArrayList<>(figures.methodLengths());
    Collections.sort(sorted);
    System.out.println(figures.module());
    System.out.printf("  files %d, methods %d%n", figures.files(), figures.methodLengths().size());
    System.out.printf(
        "  method length  median %d, p90 %d, max %d (%s)%n",
        percentile(sorted, 50),
        percentile(sorted, 90),
        percentile(sorted, 100),
        figures.longestMethod());
    System.out.printf(
        "  methods over the MethodLength limit: %s%n", list(figures.methodsOverLimit()));
    System.out.printf(
        "  largest file   %s, %d lines%n", figures.largestFile(), figures.largestFileLines());
    System.out.printf("  files over %d lines: %s%n", fileLimit, list(figures.filesOverLimit()));
    System.out.printf(
        "  most parameters %d (%s)%n", figures.maxParameters(), figures.widestMethod());
    System.out.printf(
        "  parameter lists over the ParameterNumber limit: %s%n",
        list(figures.parameterListsOverLimit()));
    System.out.printf(
        "  lines with an inline io.github.tornadoserver name: %d (and %d in src/test/java)%n",
        figures.inlineNames(), figures.inlineNamesInTests());
    System.out.println();
  }

  private static String list(List<String> items) {
    return items.isEmpty() ? "none" : String.join(", ", items);
  }

  /** Nearest-rank percentile: the smallest value with at least p% of the values at or below. */
  private static int percentile(List<Integer> sorted, int p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(rank, 1) - 1);
  }

  private static void printLimits(String checkstyle) throws IOException {
    System.out.println("Checkstyle limits enforced by ./mvnw verify (" + CHECKSTYLE + ")");
    printModule(checkstyle, "MethodLength", "max", "countEmpty");
    printModule(checkstyle, "FileLength", "max");
    printModule(
        checkstyle, "ParameterNumber", "max", "ignoreOverriddenMethods", "ignoreAnnotatedBy");
    printModule(checkstyle, "RegexpSinglelineJava", "format", "ignoreComments");
    printScope(checkstyle);
    printSuppressions();
  }

  private static void printModule(String checkstyle, String name, String... properties) {
    if (moduleBody(checkstyle, name) == null) {
      System.out.printf("  %-20s not configured%n", name);
      return;
    }
    List<String> values = new ArrayList<>();
    for (String property : properties) {
      values.add(property + "=" + property(checkstyle, name, property, "(default)"));
    }
    System.out.printf("  %-20s %s%n", name, String.join(", ", values));
  }

  /** A property of the first module of that name in the configuration, or the fallback. */
  private static String property(String checkstyle, String name, String property, String fallback) {
    String body = moduleBody(checkstyle, name);
    if (body == null) {
      return fallback;
    }
    Matcher value =
        Pattern.compile("<property name=\"" + property + "\" value=\"([^\"]*)\"/>").matcher(body);
    return value.find() ? unescapeXml(value.group(1)) : fallback;
  }

  private static String moduleBody(String checkstyle, String name) {
    Matcher module =
        Pattern.compile("<module name=\"" + name + "\"\\s*(/>|>(.*?)</module>)", Pattern.DOTALL)
            .matcher(checkstyle);
    if (!module.find()) {
      return null;
    }
    return module.group(2) == null ? "" : module.group(2);
  }

  private static void printScope(String checkstyle) {
    Matcher filter =
        Pattern.compile(
                "<module name=\"SuppressionSingleFilter\">\\s*"
                    + "<property name=\"checks\" value=\"([^\"]*)\"/>\\s*"
                    + "<property name=\"files\" value=\"([^\"]*)\"/>",
                Pattern.DOTALL)
            .matcher(checkstyle);
    while (filter.find()) {
      System.out.printf(
          "  not applied: %s on files matching %s%n",
          unescapeXml(filter.group(1)), unescapeXml(filter.group(2)));
    }
  }

  private static void printSuppressions() throws IOException {
    if (!Files.isRegularFile(SUPPRESSIONS)) {
      System.out.println("  suppressions: none");
      return;
    }
    Matcher entry =
        Pattern.compile("<suppress\\s+files=\"([^\"]*)\"\\s+((checks|id)=\"[^\"]*\")\\s*/>")
            .matcher(Files.readString(SUPPRESSIONS, StandardCharsets.UTF_8));
    List<String> entries = new ArrayList<>();
    while (entry.find()) {
      entries.add(unescapeXml(entry.group(2)) + " " + unescapeXml(entry.group(1)));
    }
    System.out.printf(
        "  suppressed for files that do not meet them yet (%s): %d%n",
        SUPPRESSIONS, entries.size());
    for (String suppressed : entries) {
      System.out.println("    " + suppressed);
    }
  }

  private static String unescapeXml(String text) {
    return text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
  }
}
