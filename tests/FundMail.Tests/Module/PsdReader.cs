using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace FundMail.Tests.Module
{
    /// <summary>
    /// Reads a PowerShell data file (.psd1) as data: hashtables @{ } (case-insensitive keys), arrays @( ) and
    /// comma lists, 'single' / "double" quoted strings, @' '@ / @" "@ here-strings, numbers, $true/$false/$null
    /// and # or &lt;# #&gt; comments. Anything else is an error naming the line, as Import-PowerShellDataFile would refuse it.
    /// </summary>
    internal sealed class PsdReader
    {
        private readonly string _text;
        private int _at;

        private PsdReader(string text)
        {
            _text = text;
        }

        public static Dictionary<string, object?> ReadHashtable(string text)
        {
            var reader = new PsdReader(text);
            var value = reader.Value();
            reader.SkipBlank();
            if (reader._at != text.Length)
                throw reader.Error("text after the top-level hashtable");
            return value as Dictionary<string, object?> ?? throw reader.Error("a .psd1 must be one hashtable");
        }

        private object? Value()
        {
            SkipBlank();
            object? first = Single();
            SkipInline();
            if (Peek() != ',')
                return first;
            var list = new List<object?> { first };
            while (Peek() == ',')
            {
                _at++;
                SkipBlank();
                list.Add(Single());
                SkipInline();
            }
            return list.ToArray();
        }

        private object? Single()
        {
            if (Starts("@{")) return Hashtable();
            if (Starts("@(")) return Array();
            if (Starts("@'") || Starts("@\"")) return HereString();
            var c = Peek();
            if (c == '\'') return SingleQuoted();
            if (c == '"') return DoubleQuoted();
            if (c == '$') return Variable();
            if (char.IsDigit(c) || c == '-') return Number();
            throw Error("a value");
        }

        private Dictionary<string, object?> Hashtable()
        {
            _at += 2;
            var table = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            while (true)
            {
                SkipBlank(andSemicolons: true);
                if (Peek() == '}')
                {
                    _at++;
                    return table;
                }
                var key = Peek() == '\'' ? SingleQuoted() : Peek() == '"' ? DoubleQuoted() : Bareword();
                SkipInline();
                Expect('=');
                if (table.ContainsKey(key))
                    throw Error("a key only once (" + key + " repeats)");
                table[key] = Value();
            }
        }

        private object?[] Array()
        {
            _at += 2;
            var items = new List<object?>();
            while (true)
            {
                SkipBlank(andSemicolons: true);
                if (Peek() == ')')
                {
                    _at++;
                    return items.ToArray();
                }
                var value = Value();
                if (value is object?[] list)
                    items.AddRange(list);
                else
                    items.Add(value);
            }
        }

        private string HereString()
        {
            var quote = _text[_at + 1];
            var open = _text.IndexOf('\n', _at);
            var close = _text.IndexOf("\n" + quote + "@", open, StringComparison.Ordinal);
            if (open < 0 || close < 0)
                throw Error("a here-string closed by " + quote + "@ at the start of a line");
            _at = close + 3;
            return _text.Substring(open + 1, close - open - 1).TrimEnd('\r');
        }

        private string SingleQuoted()
        {
            var result = new StringBuilder();
            _at++;
            while (true)
            {
                if (_at >= _text.Length) throw Error("a closing '");
                var c = _text[_at++];
                if (c == '\'')
                {
                    if (Peek() != '\'') return result.ToString();
                    _at++;
                }
                result.Append(c);
            }
        }

        private string DoubleQuoted()
        {
            var result = new StringBuilder();
            _at++;
            while (true)
            {
                if (_at >= _text.Length) throw Error("a closing \"");
                var c = _text[_at++];
                if (c == '"') return result.ToString();
                if (c == '$' && (char.IsLetter(Peek()) || Peek() == '(' || Peek() == '{'))
                    throw Error("no variable or subexpression inside a data file string");
                if (c == '`') c = _text[_at++];
                result.Append(c);
            }
        }

        private object? Variable()
        {
            var word = Bareword(start: 1);
            switch (word.ToLowerInvariant())
            {
                case "true": return true;
                case "false": return false;
                case "null": return null;
                default: throw Error("only $true, $false or $null (not $" + word + ")");
            }
        }

        private object Number()
        {
            var start = _at;
            if (Peek() == '-') _at++;
            while (_at < _text.Length && (char.IsDigit(_text[_at]) || _text[_at] == '.')) _at++;
            return decimal.Parse(_text.Substring(start, _at - start), CultureInfo.InvariantCulture);
        }

        private string Bareword(int start = 0)
        {
            _at += start;
            var begin = _at;
            while (_at < _text.Length && (char.IsLetterOrDigit(_text[_at]) || _text[_at] == '_')) _at++;
            if (_at == begin) throw Error("a name");
            return _text.Substring(begin, _at - begin);
        }

        private void SkipBlank(bool andSemicolons = false)
        {
            while (_at < _text.Length)
            {
                var c = _text[_at];
                if (char.IsWhiteSpace(c) || (andSemicolons && c == ';')) _at++;
                else if (Starts("<#"))
                {
                    var end = _text.IndexOf("#>", _at, StringComparison.Ordinal);
                    if (end < 0) throw Error("a block comment closed by #>");
                    _at = end + 2;
                }
                else if (c == '#') SkipLine();
                else return;
            }
        }

        // Spaces and comments on the same line only: a line break ends a value.
        private void SkipInline()
        {
            while (_at < _text.Length && (_text[_at] == ' ' || _text[_at] == '\t')) _at++;
            if (Peek() == '#') SkipLine();
        }

        private void SkipLine()
        {
            while (_at < _text.Length && _text[_at] != '\n') _at++;
        }

        private void Expect(char c)
        {
            if (Peek() != c) throw Error("'" + c + "'");
            _at++;
        }

        private char Peek() => _at < _text.Length ? _text[_at] : '\0';

        private bool Starts(string s) => string.CompareOrdinal(_text, _at, s, 0, s.Length) == 0;

        private FormatException Error(string expected)
        {
            var line = 1;
            for (var i = 0; i < _at && i < _text.Length; i++)
                if (_text[i] == '\n') line++;
            return new FormatException("psd1 line " + line + ": expected " + expected);
        }
    }
}
