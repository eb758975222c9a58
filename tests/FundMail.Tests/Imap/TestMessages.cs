using System;
using System.IO;
using System.Linq;
using System.Text;

namespace FundMail.Tests.Imap
{
    /// <summary>RFC 5322 messages for delivery tests, each carrying a marker so a fetched file can be matched to what was sent.</summary>
    internal static class TestMessages
    {
        public static byte[] Small(string marker, int bodyLines = 20) =>
            Encoding.UTF8.GetBytes(
                "From: sender@fundmail.test\r\nTo: alice@fundmail.test\r\nSubject: " + marker + "\r\n"
                + "Message-ID: <" + marker + "@fundmail.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                + string.Concat(Enumerable.Range(0, bodyLines).Select(i => "line " + i + " of " + marker + " 안녕하세요\r\n")));

        /// <summary>Writes a message of about <paramref name="size"/> bytes (base64 attachment) to a file, never holding it in memory.</summary>
        public static string LargeFile(string folder, string marker, long size)
        {
            var path = Path.Combine(folder, marker + ".eml");
            using var file = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\r\n" };
            file.WriteLine("From: sender@fundmail.test");
            file.WriteLine("Subject: " + marker);
            file.WriteLine("MIME-Version: 1.0");
            file.WriteLine("Content-Type: multipart/mixed; boundary=\"b1\"");
            file.WriteLine();
            file.WriteLine("--b1");
            file.WriteLine("Content-Type: application/octet-stream; name=\"big.bin\"");
            file.WriteLine("Content-Transfer-Encoding: base64");
            file.WriteLine();
            var random = new Random(42);
            var chunk = new byte[57];
            while (file.BaseStream.Length < size)
            {
                random.NextBytes(chunk);
                file.WriteLine(Convert.ToBase64String(chunk));
                file.Flush();
            }
            file.WriteLine("--b1--");
            return path;
        }
    }
}
