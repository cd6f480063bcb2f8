using System.Globalization;

namespace Relay.Grains.Actions.Conditions;

/// <summary>
/// An action's <c>when</c> (SPEC §5): a subset of CEL. Literals <c>'text'</c>/<c>"text"</c>, <c>true</c>, <c>false</c>,
/// lists <c>[…]</c>; variables <c>state</c>, <c>kind</c>, <c>namespace</c>, <c>pipeline</c>, <c>name</c>, <c>task</c>,
/// <c>reason</c>, <c>repository</c>; operators <c>==</c>, <c>!=</c>, <c>in</c>, <c>!</c>, <c>&amp;&amp;</c>, <c>||</c>,
/// parentheses; macros <c>isPipelineRun()</c>, <c>isTaskRun()</c>, <c>isPR()</c>, <c>stateIn('a', …)</c>, and the string
/// methods <c>x.startsWith('…')</c>, <c>x.endsWith('…')</c>, <c>x.contains('…')</c>. Parsed once, at configuration time.
/// </summary>
internal sealed class WhenExpression
{
    private static readonly string[] Variables = ["state", "kind", "namespace", "pipeline", "name", "task", "reason", "repository"];
    private readonly Node _root;

    private WhenExpression(string source, Node root)
    {
        Source = source;
        _root = root;
    }

    public string Source { get; }

    /// <summary>Parses <paramref name="source"/>; throws <see cref="FormatException"/> naming the position of the problem.</summary>
    public static WhenExpression Parse(string source)
    {
        var parser = new Parser(source);
        var root = parser.ParseExpression();
        parser.ExpectEnd();
        if (root.IsList)
        {
            throw new FormatException("the expression is a list, not a condition");
        }

        return new WhenExpression(source, root);
    }

    public bool Evaluate(WhenContext context) => _root.Evaluate(context) is true;

    private abstract record Node
    {
        public virtual bool IsList => false;

        public abstract object Evaluate(WhenContext context);
    }

    private sealed record Literal(object Value) : Node
    {
        public override object Evaluate(WhenContext context) => Value;
    }

    private sealed record ListNode(IReadOnlyList<Node> Items) : Node
    {
        public override bool IsList => true;

        public override object Evaluate(WhenContext context) => Items.Select(i => i.Evaluate(context)).ToArray();
    }

    private sealed record Variable(string Name) : Node
    {
        public override object Evaluate(WhenContext context) => Name switch
        {
            "state" => context.State,
            "kind" => context.Kind,
            "namespace" => context.Namespace,
            "pipeline" => context.Pipeline,
            "name" => context.Name,
            "task" => context.Task,
            "reason" => context.Reason,
            _ => context.Repository,
        };
    }

    private sealed record Not(Node Operand) : Node
    {
        public override object Evaluate(WhenContext context) => !AsBool(Operand.Evaluate(context));
    }

    private sealed record Binary(string Operator, Node Left, Node Right) : Node
    {
        public override object Evaluate(WhenContext context) => Operator switch
        {
            "&&" => AsBool(Left.Evaluate(context)) && AsBool(Right.Evaluate(context)),
            "||" => AsBool(Left.Evaluate(context)) || AsBool(Right.Evaluate(context)),
            "==" => Equals(Left.Evaluate(context), Right.Evaluate(context)),
            "!=" => !Equals(Left.Evaluate(context), Right.Evaluate(context)),
            _ => Right.Evaluate(context) is object[] items && items.Contains(Left.Evaluate(context)),
        };
    }

    private sealed record Call(string Name, Node? Target, IReadOnlyList<Node> Arguments) : Node
    {
        public override object Evaluate(WhenContext context) => Name switch
        {
            "isPipelineRun" => context.Kind == "pipelinerun",
            "isTaskRun" => context.Kind is "taskrun" or "customrun",
            "isPR" => context.IsPullRequest,
            "stateIn" => Arguments.Any(a => Equals(a.Evaluate(context), context.State)),
            "startsWith" => Text(Target!, context).StartsWith(Text(Arguments[0], context), StringComparison.Ordinal),
            "endsWith" => Text(Target!, context).EndsWith(Text(Arguments[0], context), StringComparison.Ordinal),
            _ => Text(Target!, context).Contains(Text(Arguments[0], context), StringComparison.Ordinal),
        };

        private static string Text(Node node, WhenContext context) => node.Evaluate(context) as string ?? "";
    }

    private static bool AsBool(object value) => value is true;

    private sealed class Parser(string source)
    {
        private int _position;

        public Node ParseExpression() => ParseOr();

        public void ExpectEnd()
        {
            SkipSpace();
            if (_position < source.Length)
            {
                throw Error($"unexpected '{source[_position]}'");
            }
        }

        private Node ParseOr()
        {
            var left = ParseAnd();
            while (Accept("||"))
            {
                left = new Binary("||", left, ParseAnd());
            }

            return left;
        }

        private Node ParseAnd()
        {
            var left = ParseUnary();
            while (Accept("&&"))
            {
                left = new Binary("&&", left, ParseUnary());
            }

            return left;
        }

        private Node ParseUnary()
        {
            SkipSpace();
            if (Peek("!") && !Peek("!="))
            {
                _position++;
                return new Not(ParseUnary());
            }

            var left = ParsePostfix();
            if (Accept("=="))
            {
                return new Binary("==", left, ParsePostfix());
            }

            if (Accept("!="))
            {
                return new Binary("!=", left, ParsePostfix());
            }

            if (AcceptWord("in"))
            {
                var right = ParsePostfix();
                if (!right.IsList)
                {
                    throw Error("'in' needs a list on its right, like ['success', 'failure']");
                }

                return new Binary("in", left, right);
            }

            return left;
        }

        private Node ParsePostfix()
        {
            var node = ParsePrimary();
            while (Accept("."))
            {
                var method = ReadIdentifier();
                if (method is not ("startsWith" or "endsWith" or "contains"))
                {
                    throw Error($"unknown method '{method}' (supported: startsWith, endsWith, contains)");
                }

                var arguments = ParseArguments();
                if (arguments.Count != 1)
                {
                    throw Error($"{method}() takes one argument");
                }

                node = new Call(method, node, arguments);
            }

            return node;
        }

        private Node ParsePrimary()
        {
            SkipSpace();
            if (_position >= source.Length)
            {
                throw Error("the expression ends too early");
            }

            var c = source[_position];
            if (c == '(')
            {
                _position++;
                var inner = ParseOr();
                Expect(")");
                return inner;
            }

            if (c == '[')
            {
                _position++;
                var items = new List<Node>();
                if (!Accept("]"))
                {
                    do
                    {
                        items.Add(ParseOr());
                    }
                    while (Accept(","));
                    Expect("]");
                }

                return new ListNode(items);
            }

            if (c is '\'' or '"')
            {
                return new Literal(ReadString(c));
            }

            var word = ReadIdentifier();
            switch (word)
            {
                case "true":
                    return new Literal(true);
                case "false":
                    return new Literal(false);
                case "isPipelineRun" or "isTaskRun" or "isPR":
                    if (ParseArguments().Count != 0)
                    {
                        throw Error($"{word}() takes no arguments");
                    }

                    return new Call(word, null, []);
                case "stateIn":
                    var states = ParseArguments();
                    if (states.Count == 0 || states.Any(s => s is not Literal { Value: string }))
                    {
                        throw Error("stateIn() takes one or more quoted states, like stateIn('success', 'failure')");
                    }

                    return new Call(word, null, states);
            }

            if (Variables.Contains(word))
            {
                return new Variable(word);
            }

            throw Error($"unknown name '{word}' (variables: {string.Join(", ", Variables)}; macros: isPipelineRun(), isTaskRun(), isPR(), stateIn(...))");
        }

        private List<Node> ParseArguments()
        {
            Expect("(");
            var arguments = new List<Node>();
            if (Accept(")"))
            {
                return arguments;
            }

            do
            {
                arguments.Add(ParseOr());
            }
            while (Accept(","));
            Expect(")");
            return arguments;
        }

        private string ReadIdentifier()
        {
            SkipSpace();
            var start = _position;
            while (_position < source.Length && (char.IsAsciiLetterOrDigit(source[_position]) || source[_position] == '_'))
            {
                _position++;
            }

            if (start == _position)
            {
                throw Error(_position < source.Length ? $"unexpected '{source[_position]}'" : "the expression ends too early");
            }

            return source[start.._position];
        }

        private string ReadString(char quote)
        {
            var start = ++_position;
            while (_position < source.Length && source[_position] != quote)
            {
                _position++;
            }

            if (_position >= source.Length)
            {
                throw Error("unterminated string");
            }

            return source[start.._position++];
        }

        private bool Accept(string token)
        {
            SkipSpace();
            if (!Peek(token))
            {
                return false;
            }

            _position += token.Length;
            return true;
        }

        private bool AcceptWord(string word)
        {
            SkipSpace();
            var end = _position + word.Length;
            if (!Peek(word) || (end < source.Length && char.IsAsciiLetterOrDigit(source[end])))
            {
                return false;
            }

            _position = end;
            return true;
        }

        private void Expect(string token)
        {
            if (!Accept(token))
            {
                throw Error($"expected '{token}'");
            }
        }

        private bool Peek(string token) => string.CompareOrdinal(source, _position, token, 0, token.Length) == 0;

        private void SkipSpace()
        {
            while (_position < source.Length && char.IsWhiteSpace(source[_position]))
            {
                _position++;
            }
        }

        private FormatException Error(string message) =>
            new(string.Create(CultureInfo.InvariantCulture, $"{message} at position {_position + 1}"));
    }
}
