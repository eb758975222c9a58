using System;
using System.Collections.Generic;
using System.Text;

namespace FundMail.Store
{
    /// <summary>
    /// Turns an attachment name chosen by a mail's sender into a file name that is safe on Windows and Linux:
    /// no path components, no reserved device names, no forbidden characters, bounded length.
    /// The original name is kept in the database; this one only has to be harmless and recognisable.
    /// </summary>
    public static class SafeFileName
    {
        /// <summary>ext4 and most Linux file systems allow 255 bytes; leave room for " (9999)" and a temp suffix.</summary>
        public const int MaxUtf8Bytes = 200;

        private const string Fallback = "attachment";
        private static readonly HashSet<string> Reserved = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
            "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM¹", "COM²", "COM³",
            "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
        };

        public static string From(string? name)
        {
            var text = LastComponent((name ?? "").Normalize(NormalizationForm.FormC));
            var cleaned = new StringBuilder(text.Length);
            foreach (var c in text)
                cleaned.Append(IsForbidden(c) ? '_' : c);
            // Windows drops trailing dots and spaces, which would make two names collide or a name vanish.
            var result = cleaned.ToString().Trim().TrimEnd('.', ' ');
            if (result.StartsWith(".", StringComparison.Ordinal))
                result = "_" + result.Substring(1);
            if (result.Length == 0)
                result = Fallback;
            if (Reserved.Contains(BaseName(result)))
                result = "_" + result;
            return Truncate(result, MaxUtf8Bytes);
        }

        /// <summary>"report.pdf" → "report (2).pdf", for the n-th file of the same name in one folder.</summary>
        public static string Numbered(string safeName, int n)
        {
            if (n <= 1)
                return safeName;
            var dot = ExtensionStart(safeName);
            return safeName.Substring(0, dot) + " (" + n + ")" + safeName.Substring(dot);
        }

        private static string LastComponent(string name)
        {
            var cut = Math.Max(name.LastIndexOf('/'), name.LastIndexOf('\\'));
            var last = cut >= 0 ? name.Substring(cut + 1) : name;
            // "C:evil.txt" names a file relative to drive C's current directory on Windows.
            if (last.Length >= 2 && last[1] == ':' && char.IsLetter(last[0]))
                last = last.Substring(2);
            return last == "." || last == ".." ? "" : last;
        }

        private static bool IsForbidden(char c)
        {
            return c < 0x20 || c == 0x7f || c == '<' || c == '>' || c == ':' || c == '"' || c == '/' || c == '\\' ||
                   c == '|' || c == '?' || c == '*';
        }

        private static string BaseName(string name)
        {
            var dot = name.IndexOf('.');
            return (dot < 0 ? name : name.Substring(0, dot)).TrimEnd(' ');
        }

        private static int ExtensionStart(string name)
        {
            var dot = name.LastIndexOf('.');
            // A leading dot or an "extension" longer than 16 characters is part of the name.
            return dot <= 0 || name.Length - dot > 16 ? name.Length : dot;
        }

        private static string Truncate(string name, int maxBytes)
        {
            if (Encoding.UTF8.GetByteCount(name) <= maxBytes)
                return name;
            var dot = ExtensionStart(name);
            var extension = name.Substring(dot);
            var stem = name.Substring(0, dot);
            var budget = maxBytes - Encoding.UTF8.GetByteCount(extension);
            var cut = new StringBuilder();
            var used = 0;
            for (var i = 0; i < stem.Length; i++)
            {
                // Keep surrogate pairs together so the cut never leaves half a character.
                var length = char.IsHighSurrogate(stem[i]) && i + 1 < stem.Length ? 2 : 1;
                var bytes = Encoding.UTF8.GetByteCount(stem.Substring(i, length));
                if (used + bytes > budget)
                    break;
                cut.Append(stem, i, length);
                used += bytes;
                i += length - 1;
            }
            return cut.ToString().TrimEnd('.', ' ') + extension;
        }
    }
}
