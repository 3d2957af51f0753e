using System.Globalization;
using System.Text;

namespace CreatorAccountHealth.Infra.Tests.Arm;

/// <summary>A parsed ARM template language expression: what sits between the brackets of <c>"[...]"</c>.</summary>
public abstract record ArmNode
{
    public sealed record Literal(object? Value) : ArmNode;

    public sealed record Call(string Function, IReadOnlyList<ArmNode> Arguments) : ArmNode;

    public sealed record Member(ArmNode Target, string Name) : ArmNode;

    public sealed record Index(ArmNode Target, ArmNode Key) : ArmNode;
}

/// <summary>Parser for ARM template expressions (the subset of the grammar Bicep emits: calls, literals, <c>.</c> and <c>[]</c>).</summary>
public static class ArmExpression
{
    /// <summary>A JSON string is an expression when it is <c>[...]</c>; <c>[[...</c> is the escape for a literal <c>[</c>.</summary>
    public static bool IsExpression(string text) =>
        text.Length >= 2 && text[0] == '[' && text[^1] == ']' && !text.StartsWith("[[", StringComparison.Ordinal);

    public static string Unescape(string text) => text.StartsWith("[[", StringComparison.Ordinal) ? text[1..] : text;

    /// <summary>Parses <paramref name="expression"/>, the whole JSON string including its brackets.</summary>
    public static ArmNode Parse(string expression)
    {
        if (!IsExpression(expression))
        {
            throw new FormatException($"Not an ARM expression: {expression}");
        }

        var parser = new Parser(expression[1..^1]);
        var node = parser.ParseExpression();
        parser.SkipWhitespace();
        if (!parser.AtEnd)
        {
            throw parser.Error("unexpected text after the expression");
        }

        return node;
    }

    private sealed class Parser(string text)
    {
        private int position;

        public bool AtEnd => position >= text.Length;

        public ArmNode ParseExpression()
        {
            var node = ParsePrimary();
            while (true)
            {
                SkipWhitespace();
                if (TryConsume('.'))
                {
                    node = new ArmNode.Member(node, ParseIdentifier());
                }
                else if (TryConsume('['))
                {
                    var key = ParseExpression();
                    Expect(']');
                    node = new ArmNode.Index(node, key);
                }
                else
                {
                    return node;
                }
            }
        }

        public void SkipWhitespace()
        {
            while (!AtEnd && char.IsWhiteSpace(text[position]))
            {
                position++;
            }
        }

        public FormatException Error(string what) => new($"ARM expression '[{text}]', at {position}: {what}");

        private ArmNode ParsePrimary()
        {
            SkipWhitespace();
            if (AtEnd)
            {
                throw Error("expression expected");
            }

            var c = text[position];
            if (c == '\'')
            {
                return new ArmNode.Literal(ParseString());
            }

            if (char.IsDigit(c) || c == '-')
            {
                var start = position++;
                while (!AtEnd && (char.IsDigit(text[position]) || text[position] == '.'))
                {
                    position++;
                }

                var number = text[start..position];
                return new ArmNode.Literal(number.Contains('.')
                    ? (object)double.Parse(number, CultureInfo.InvariantCulture)
                    : long.Parse(number, CultureInfo.InvariantCulture));
            }

            var name = ParseIdentifier();
            SkipWhitespace();
            if (!TryConsume('('))
            {
                return name.ToLowerInvariant() switch
                {
                    "true" => new ArmNode.Literal(true),
                    "false" => new ArmNode.Literal(false),
                    "null" => new ArmNode.Literal(null),
                    _ => throw Error($"'(' expected after '{name}'"),
                };
            }

            var arguments = new List<ArmNode>();
            SkipWhitespace();
            if (!TryConsume(')'))
            {
                do
                {
                    arguments.Add(ParseExpression());
                    SkipWhitespace();
                }
                while (TryConsume(','));
                Expect(')');
            }

            return new ArmNode.Call(name, arguments);
        }

        private string ParseString()
        {
            Expect('\'');
            var value = new StringBuilder();
            while (true)
            {
                if (AtEnd)
                {
                    throw Error("unterminated string");
                }

                var c = text[position++];
                if (c == '\'')
                {
                    if (!AtEnd && text[position] == '\'')
                    {
                        value.Append('\'');
                        position++;
                        continue;
                    }

                    return value.ToString();
                }

                value.Append(c);
            }
        }

        private string ParseIdentifier()
        {
            SkipWhitespace();
            var start = position;
            while (!AtEnd && (char.IsLetterOrDigit(text[position]) || text[position] == '_' || text[position] == '$'))
            {
                position++;
            }

            return position > start ? text[start..position] : throw Error("identifier expected");
        }

        private bool TryConsume(char c)
        {
            SkipWhitespace();
            if (!AtEnd && text[position] == c)
            {
                position++;
                return true;
            }

            return false;
        }

        private void Expect(char c)
        {
            if (!TryConsume(c))
            {
                throw Error($"'{c}' expected");
            }
        }
    }
}
