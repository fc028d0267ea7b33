package io.github.farolero.amocrm.tests;

import java.lang.annotation.Annotation;
import java.lang.annotation.Documented;
import java.lang.reflect.AnnotatedArrayType;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.AnnotatedTypeVariable;
import java.lang.reflect.AnnotatedWildcardType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Renders the public surface of one module as sorted lines, one per type and per member, from the
 * compiled classes (reflection; no class is initialized).
 *
 * <p>A line is {@code <type's canonical name>: <declaration>}, the declaration as Java would spell
 * it with every type fully qualified: modifiers, type parameters with their bounds, the generic
 * types of fields, parameters and results, {@code throws}, type-use annotations such as JSpecify's
 * {@code @Nullable} by simple name, and {@code @Documented} declaration annotations (e.g. {@code
 * @Deprecated}). Parameter names are not API and are left out; a record's component names are,
 * and head its type line. A type's lines come in this order:
 * the type itself ({@code extends}, {@code implements}, {@code permits}), its fields, its
 * constructors, its methods, each group sorted by text; types are sorted by name, a nested type
 * after its enclosing type's members.
 *
 * <p>What counts: every public type, and every public or protected member type, of a package
 * without an {@code internal} segment, when every enclosing type counts too; of those, every
 * public and protected field, constructor and method they declare (synthetic and bridge members
 * excluded). A public method a public class inherits from a non-public superclass is part of that
 * class's API, so it is listed under the class with the superclass's type variables resolved and
 * a trailing {@code // inherited from <superclass>}.
 */
final class ApiListing {

  private ApiListing() {}

  static List<String> of(PublishedModules module, ClassLoader loader) {
    List<Class<?>> types = new ArrayList<>();
    for (String name : module.classNames()) {
      int lastDot = name.lastIndexOf('.');
      if (name.endsWith(".package-info")
          || PublishedModules.isInternalPackage(name.substring(0, Math.max(lastDot, 0)))) {
        continue;
      }
      Class<?> c;
      try {
        c = Class.forName(name, false, loader);
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      if (isApi(c)) {
        types.add(c);
      }
    }
    types.sort(Comparator.comparing(Class::getCanonicalName));
    List<String> lines = new ArrayList<>();
    for (Class<?> type : types) {
      lines.addAll(linesOf(type));
    }
    return lines;
  }

  private static boolean isApi(Class<?> c) {
    if (c.isSynthetic() || c.isAnonymousClass() || c.isLocalClass()) {
      return false;
    }
    int m = c.getModifiers();
    Class<?> outer = c.getDeclaringClass();
    if (outer == null) {
      return Modifier.isPublic(m);
    }
    return (Modifier.isPublic(m) || Modifier.isProtected(m)) && isApi(outer);
  }

  private static List<String> linesOf(Class<?> type) {
    String prefix = type.getCanonicalName() + ": ";
    List<String> lines = new ArrayList<>();
    lines.add(prefix + typeDeclaration(type));

    Map<TypeVariable<?>, Type> none = Map.of();
    List<String> fields = new ArrayList<>();
    List<String> constructors = new ArrayList<>();
    List<String> methods = new ArrayList<>();
    for (Field f : type.getDeclaredFields()) {
      if (visible(f)) {
        fields.add(field(f, none, ""));
      }
    }
    for (Constructor<?> c : type.getDeclaredConstructors()) {
      if (visible(c)) {
        constructors.add(executable(c, type.getSimpleName(), none, ""));
      }
    }
    Set<String> declaredMethods = new HashSet<>();
    for (Method m : type.getDeclaredMethods()) {
      if (m.isBridge()) {
        continue;
      }
      declaredMethods.add(erasedSignature(m));
      if (visible(m)) {
        methods.add(executable(m, m.getName(), none, ""));
      }
    }
    inheritFromHiddenSuperclasses(type, declaredMethods, fields, methods);

    fields.sort(null);
    constructors.sort(null);
    methods.sort(null);
    for (List<String> group : List.of(fields, constructors, methods)) {
      for (String member : group) {
        lines.add(prefix + member);
      }
    }
    return lines;
  }

  /**
   * Public members of a non-public superclass are callable on the public subclass (javac gives
   * the subclass public bridges for them): list them there, with the type variables that the
   * subclass binds resolved, so {@code B id(Long)} of a hidden {@code Base<B>} reads as {@code
   * Lead.Builder id(Long)} under {@code Lead.Builder}.
   */
  private static void inheritFromHiddenSuperclasses(
      Class<?> type, Set<String> declaredMethods, List<String> fields, List<String> methods) {
    if (type.isInterface()) {
      return;
    }
    Map<TypeVariable<?>, Type> bindings = new HashMap<>();
    Class<?> current = type;
    while (current.getSuperclass() != null && !isApi(current.getSuperclass())) {
      Class<?> superclass = current.getSuperclass();
      Type generic = current.getGenericSuperclass();
      if (generic instanceof ParameterizedType p) {
        TypeVariable<?>[] vars = superclass.getTypeParameters();
        Type[] args = p.getActualTypeArguments();
        for (int i = 0; i < vars.length; i++) {
          bindings.put(vars[i], resolve(args[i], bindings));
        }
      }
      if (superclass == Object.class) {
        return;
      }
      String from = "  // inherited from " + superclass.getName();
      for (Field f : superclass.getDeclaredFields()) {
        if (visible(f)) {
          fields.add(field(f, bindings, from));
        }
      }
      for (Method m : superclass.getDeclaredMethods()) {
        if (m.isBridge() || !declaredMethods.add(erasedSignature(m))) {
          continue; // overridden lower down, or already listed from a lower superclass
        }
        if (visible(m)) {
          methods.add(executable(m, m.getName(), bindings, from));
        }
      }
      current = superclass;
    }
  }

  private static Type resolve(Type t, Map<TypeVariable<?>, Type> bindings) {
    return t instanceof TypeVariable<?> v && bindings.containsKey(v) ? bindings.get(v) : t;
  }

  private static String erasedSignature(Method m) {
    return m.getName()
        + Arrays.stream(m.getParameterTypes()).map(Class::getName).collect(Collectors.joining(",", "(", ")"));
  }

  private static boolean visible(Member m) {
    if (m.isSynthetic()) {
      return false;
    }
    int mod = m.getModifiers();
    return Modifier.isPublic(mod) || Modifier.isProtected(mod);
  }

  private static String typeDeclaration(Class<?> c) {
    StringBuilder s = new StringBuilder();
    s.append(declarationAnnotations(c));
    int mods = c.getModifiers() & Modifier.classModifiers();
    String kind;
    if (c.isAnnotation()) {
      kind = "@interface";
      mods &= ~(Modifier.ABSTRACT | Modifier.INTERFACE);
    } else if (c.isInterface()) {
      kind = "interface";
      mods &= ~(Modifier.ABSTRACT | Modifier.INTERFACE);
    } else if (c.isEnum()) {
      kind = "enum";
      mods &= ~(Modifier.FINAL | Modifier.ABSTRACT);
    } else if (c.isRecord()) {
      kind = "record";
      mods &= ~Modifier.FINAL;
    } else {
      kind = "class";
    }
    appendModifiers(s, mods);
    if (c.isSealed()) {
      s.append("sealed ");
    }
    s.append(kind).append(' ').append(c.getSimpleName());
    s.append(typeParameters(c.getTypeParameters(), Map.of()));
    Map<TypeVariable<?>, Type> none = Map.of();
    if (c.isRecord()) {
      // A record's component names are API: they name its accessors (and its JSON keys, often).
      s.append(
          Arrays.stream(c.getRecordComponents())
              .map(rc -> render(rc.getAnnotatedType(), none) + " " + rc.getName())
              .collect(Collectors.joining(", ", "(", ")")));
    }
    if (!c.isInterface() && !c.isEnum() && !c.isRecord()) {
      AnnotatedType superclass = c.getAnnotatedSuperclass();
      if (superclass != null && superclass.getType() != Object.class) {
        s.append(" extends ").append(render(superclass, none));
      }
    }
    AnnotatedType[] interfaces = c.getAnnotatedInterfaces();
    if (interfaces.length > 0 && !c.isAnnotation()) {
      s.append(c.isInterface() ? " extends " : " implements ");
      s.append(Arrays.stream(interfaces).map(t -> render(t, none)).collect(Collectors.joining(", ")));
    }
    if (c.isSealed()) {
      s.append(" permits ")
          .append(
              Arrays.stream(c.getPermittedSubclasses())
                  .map(Class::getName)
                  .sorted()
                  .collect(Collectors.joining(", ")));
    }
    return s.toString();
  }

  private static String field(Field f, Map<TypeVariable<?>, Type> bindings, String suffix) {
    StringBuilder s = new StringBuilder();
    s.append(declarationAnnotations(f));
    appendModifiers(s, f.getModifiers() & (Modifier.fieldModifiers() & ~(Modifier.TRANSIENT | Modifier.VOLATILE)));
    s.append(render(f.getAnnotatedType(), bindings)).append(' ').append(f.getName());
    return s + suffix;
  }

  private static String executable(
      Executable e, String name, Map<TypeVariable<?>, Type> bindings, String suffix) {
    StringBuilder s = new StringBuilder();
    s.append(declarationAnnotations(e));
    int mods =
        e.getModifiers()
            & (e instanceof Method ? Modifier.methodModifiers() : Modifier.constructorModifiers())
            & ~(Modifier.SYNCHRONIZED | Modifier.NATIVE | Modifier.STRICT);
    appendModifiers(s, mods);
    if (e instanceof Method m && m.isDefault()) {
      s.append("default ");
    }
    String typeParameters = typeParameters(e.getTypeParameters(), bindings);
    if (!typeParameters.isEmpty()) {
      s.append(typeParameters).append(' ');
    }
    if (e instanceof Method m) {
      s.append(render(m.getAnnotatedReturnType(), bindings)).append(' ');
    }
    s.append(name).append('(');
    AnnotatedType[] parameters = e.getAnnotatedParameterTypes();
    for (int i = 0; i < parameters.length; i++) {
      if (i > 0) {
        s.append(", ");
      }
      if (i == parameters.length - 1 && e.isVarArgs() && parameters[i] instanceof AnnotatedArrayType a) {
        s.append(render(a.getAnnotatedGenericComponentType(), bindings))
            .append(typeAnnotations(a, " "))
            .append("...");
      } else {
        s.append(render(parameters[i], bindings));
      }
    }
    s.append(')');
    AnnotatedType[] exceptions = e.getAnnotatedExceptionTypes();
    if (exceptions.length > 0) {
      s.append(" throws ")
          .append(
              Arrays.stream(exceptions)
                  .map(t -> render(t, bindings))
                  .collect(Collectors.joining(", ")));
    }
    return s + suffix;
  }

  private static String typeParameters(TypeVariable<?>[] vars, Map<TypeVariable<?>, Type> bindings) {
    if (vars.length == 0) {
      return "";
    }
    List<String> rendered = new ArrayList<>();
    for (TypeVariable<?> v : vars) {
      StringBuilder s = new StringBuilder(v.getName());
      AnnotatedType[] bounds = v.getAnnotatedBounds();
      boolean onlyObject = bounds.length == 1 && bounds[0].getType() == Object.class
          && bounds[0].getDeclaredAnnotations().length == 0;
      if (!onlyObject) {
        s.append(" extends ")
            .append(
                Arrays.stream(bounds)
                    .map(b -> render(b, bindings))
                    .collect(Collectors.joining(" & ")));
      }
      rendered.add(s.toString());
    }
    return "<" + String.join(", ", rendered) + ">";
  }

  /** A type as Java spells it, fully qualified, with its type-use annotations by simple name. */
  static String render(AnnotatedType t, Map<TypeVariable<?>, Type> bindings) {
    String annotations = typeAnnotations(t, "");
    if (t instanceof AnnotatedArrayType a) {
      return render(a.getAnnotatedGenericComponentType(), bindings) + typeAnnotations(a, " ") + "[]";
    }
    if (t instanceof AnnotatedTypeVariable v && bindings.containsKey((TypeVariable<?>) v.getType())) {
      return annotations + render(bindings.get((TypeVariable<?>) v.getType()));
    }
    if (t instanceof AnnotatedWildcardType w) {
      StringBuilder s = new StringBuilder(annotations).append('?');
      for (AnnotatedType upper : w.getAnnotatedUpperBounds()) {
        if (upper.getType() != Object.class || upper.getDeclaredAnnotations().length > 0) {
          s.append(" extends ").append(render(upper, bindings));
        }
      }
      for (AnnotatedType lower : w.getAnnotatedLowerBounds()) {
        s.append(" super ").append(render(lower, bindings));
      }
      return s.toString();
    }
    if (t instanceof AnnotatedParameterizedType p) {
      Class<?> raw = (Class<?>) ((ParameterizedType) p.getType()).getRawType();
      return annotations
          + raw.getCanonicalName()
          + Arrays.stream(p.getAnnotatedActualTypeArguments())
              .map(arg -> render(arg, bindings))
              .collect(Collectors.joining(", ", "<", ">"));
    }
    return annotations + render(t.getType());
  }

  /** A plain type (a type variable's binding), without annotations. */
  private static String render(Type t) {
    if (t instanceof Class<?> c) {
      return c.isArray() ? render(c.getComponentType()) + "[]" : c.getCanonicalName();
    }
    if (t instanceof ParameterizedType p) {
      return render(p.getRawType())
          + Arrays.stream(p.getActualTypeArguments())
              .map(ApiListing::render)
              .collect(Collectors.joining(", ", "<", ">"));
    }
    if (t instanceof GenericArrayType g) {
      return render(g.getGenericComponentType()) + "[]";
    }
    if (t instanceof WildcardType w) {
      StringBuilder s = new StringBuilder("?");
      for (Type upper : w.getUpperBounds()) {
        if (upper != Object.class) {
          s.append(" extends ").append(render(upper));
        }
      }
      for (Type lower : w.getLowerBounds()) {
        s.append(" super ").append(render(lower));
      }
      return s.toString();
    }
    return t.getTypeName(); // a type variable
  }

  private static String typeAnnotations(AnnotatedType t, String before) {
    Annotation[] annotations = t.getDeclaredAnnotations();
    if (annotations.length == 0) {
      return "";
    }
    return Arrays.stream(annotations)
        .map(a -> "@" + a.annotationType().getSimpleName())
        .collect(Collectors.joining(" ", before, before.isEmpty() ? " " : ""));
  }

  /** Declaration annotations that are part of the documented contract (@Deprecated, …). */
  private static String declarationAnnotations(AnnotatedElement e) {
    StringBuilder s = new StringBuilder();
    Arrays.stream(e.getDeclaredAnnotations())
        .map(Annotation::annotationType)
        .filter(type -> type.isAnnotationPresent(Documented.class))
        .map(type -> "@" + type.getSimpleName())
        .sorted()
        .forEach(a -> s.append(a).append(' '));
    return s.toString();
  }

  private static void appendModifiers(StringBuilder s, int modifiers) {
    String text = Modifier.toString(modifiers);
    if (!text.isEmpty()) {
      s.append(text).append(' ');
    }
  }
}
