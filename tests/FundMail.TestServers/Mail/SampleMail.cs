using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace FundMail.TestServers.Mail
{
    /// <summary>An attachment a generated mail carries, with what a parser must recover from it.</summary>
    public sealed record SampleAttachment(string FileName, string ContentType, long Size, string Sha256);

    /// <summary>A generated mail: its identity and what a correct parser must find in it.</summary>
    public sealed record SampleMailInfo(int Index, string MessageId, string Subject, string FromName, string FromAddress,
        DateTimeOffset Date, string BodyText, SampleAttachment[] Attachments);

    /// <summary>
    /// Deterministic, realistic fund-team mail for demos, benchmarks and chaos tests: Korean subjects in the
    /// charsets Outlook and webmail use, plain + HTML bodies, and (for some) binary attachments.
    /// The same (seed, index) always yields the same bytes.
    /// </summary>
    public static class SampleMail
    {
        private static readonly string[] Subjects =
        {
            "[펀드] 일일 기준가 보고", "운용보고서 송부의 건", "Re: 환매 신청 확인 요청", "펀드 결산 자료 (11월)",
            "FW: 신규 설정 펀드 안내", "Daily NAV report", "똠방각하 펀드 수익률", "자산배분 회의록 공유",
        };

        private static readonly string[] Senders = { "김운용", "이펀드", "박수탁", "Operations Desk", "최결산" };

        static SampleMail()
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        }

        /// <summary>Writes mail number <paramref name="index"/> to <paramref name="output"/> (CRLF line endings).</summary>
        /// <param name="attachmentBytes">Sizes of attachments to add (deterministic content).</param>
        /// <param name="bodyBytes">Approximate size of the text body.</param>
        public static SampleMailInfo Write(Stream output, int seed, int index, long[] attachmentBytes, int bodyBytes = 2000)
        {
            var random = new Random(Mix(seed, index, 0));
            var subject = Subjects[index % Subjects.Length] + " #" + index;
            var fromName = Senders[index % Senders.Length];
            var fromAddress = "sender" + (index % Senders.Length) + "@fund.example";
            var date = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.FromHours(9)).AddMinutes(index);
            var messageId = "<fm-" + seed + "-" + index + "@fundmail.test>";
            var body = Body(random, index, bodyBytes);
            var boundary = "=_fm_" + seed + "_" + index;
            var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024) { NewLine = "\r\n" };

            // Alternate the header charsets the users' mail really arrives in.
            var charset = index % 3 == 0 ? "ks_c_5601-1987" : index % 3 == 1 ? "euc-kr" : "utf-8";
            var encoding = charset == "utf-8" ? Encoding.UTF8 : Encoding.GetEncoding(949);
            writer.WriteLine("Return-Path: <" + fromAddress + ">");
            writer.WriteLine("From: " + EncodedWord(fromName, charset, encoding) + " <" + fromAddress + ">");
            writer.WriteLine("To: =?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes("펀드팀")) + "?= <fund@fundmail.test>");
            writer.WriteLine("Subject: " + EncodedWord(subject, charset, encoding));
            writer.WriteLine("Date: " + date.ToString("ddd, dd MMM yyyy HH:mm:ss ", System.Globalization.CultureInfo.InvariantCulture) + "+0900");
            writer.WriteLine("Message-ID: " + messageId);
            writer.WriteLine("MIME-Version: 1.0");
            writer.WriteLine("Content-Type: multipart/mixed; boundary=\"" + boundary + "\"");
            writer.WriteLine();
            writer.WriteLine("--" + boundary);
            writer.WriteLine("Content-Type: text/plain; charset=\"utf-8\"");
            writer.WriteLine("Content-Transfer-Encoding: base64");
            writer.WriteLine();
            WriteBase64(writer, Encoding.UTF8.GetBytes(body));

            var attachments = new SampleAttachment[attachmentBytes.Length];
            for (var i = 0; i < attachmentBytes.Length; i++)
            {
                var name = "보고서_" + index + "_" + (i + 1) + ".xlsx";
                writer.WriteLine("--" + boundary);
                writer.WriteLine("Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; name=\"" + EncodedWord(name, "utf-8", Encoding.UTF8) + "\"");
                writer.WriteLine("Content-Disposition: attachment; filename*=utf-8''" + Uri.EscapeDataString(name));
                writer.WriteLine("Content-Transfer-Encoding: base64");
                writer.WriteLine();
                var sha = WriteRandomBase64(writer, new Random(Mix(seed, index, i + 1)), attachmentBytes[i]);
                attachments[i] = new SampleAttachment(name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", attachmentBytes[i], sha);
            }
            writer.WriteLine("--" + boundary + "--");
            writer.Flush();
            return new SampleMailInfo(index, messageId, subject, fromName, fromAddress, date, body, attachments);
        }

        public static byte[] Bytes(int seed, int index, params long[] attachmentBytes)
        {
            using var buffer = new MemoryStream();
            Write(buffer, seed, index, attachmentBytes);
            return buffer.ToArray();
        }

        // HashCode.Combine is randomised per process; mail must be identical across processes and runs.
        private static int Mix(int seed, int index, int part) => unchecked(seed * 1000003 + index * 8191 + part * 131);

        private static string Body(Random random, int index, int bytes)
        {
            var text = new StringBuilder();
            text.Append("안녕하세요, 펀드 운용팀입니다.\n메일 번호 ").Append(index).Append(".\n");
            while (Encoding.UTF8.GetByteCount(text.ToString()) < bytes)
                text.Append("기준가 ").Append(random.Next(9000, 11000)).Append(".").Append(random.Next(10, 99)).Append(" 원, 설정액 ")
                    .Append(random.Next(1, 999)).Append("억 원.\n");
            return text.ToString();
        }

        private static string EncodedWord(string text, string charset, Encoding encoding)
        {
            return "=?" + charset + "?B?" + Convert.ToBase64String(encoding.GetBytes(text)) + "?=";
        }

        private static void WriteBase64(TextWriter writer, byte[] data)
        {
            var encoded = Convert.ToBase64String(data);
            for (var i = 0; i < encoded.Length; i += 76)
                writer.WriteLine(encoded.Substring(i, Math.Min(76, encoded.Length - i)));
        }

        /// <summary>Streams <paramref name="size"/> pseudo-random bytes as base64 lines; returns their sha256.</summary>
        private static string WriteRandomBase64(TextWriter writer, Random random, long size)
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var chunk = new byte[57 * 1024];
            for (long done = 0; done < size;)
            {
                var n = (int)Math.Min(chunk.Length, size - done);
                random.NextBytes(chunk.AsSpan(0, n));
                sha.AppendData(chunk, 0, n);
                var encoded = Convert.ToBase64String(chunk, 0, n);
                for (var i = 0; i < encoded.Length; i += 76)
                    writer.WriteLine(encoded.AsSpan(i, Math.Min(76, encoded.Length - i)));
                done += n;
            }
            return Convert.ToHexStringLower(sha.GetHashAndReset());
        }
    }
}
