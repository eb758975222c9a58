using System;

namespace FundMail.Mime
{
    /// <summary>
    /// Finds the part to show as the text or HTML body, as RFC 2046/2387 readers do: depth first, not
    /// inside attachments or message/* parts, and in multipart/related only the root part. The root is
    /// the "start" part, else the part of the declared "type" (MHTML often puts an image first), else the first.
    /// </summary>
    internal static class BodySelector
    {
        internal static MimeEntity? Find(MimeEntity entity, string subtype)
        {
            if (entity.IsAttachmentDisposition) return null;
            if (entity.Children == null)
                return entity.Content != null && entity.ContentType == "text/" + subtype ? entity : null;
            if (entity.ContentType == "multipart/related")
            {
                var root = RelatedRoot(entity);
                return root == null ? null : Find(root, subtype);
            }
            foreach (var child in entity.Children)
            {
                var found = Find(child, subtype);
                if (found != null) return found;
            }
            return null;
        }

        private static MimeEntity? RelatedRoot(MimeEntity related)
        {
            var children = related.Children!;
            if (children.Count == 0) return null;
            var start = related.TypeParameters.Get("start");
            if (!string.IsNullOrEmpty(start))
                foreach (var child in children)
                    if (string.Equals(ContentId(child), Bare(start!), StringComparison.Ordinal)) return child;
            var type = related.TypeParameters.Get("type");
            if (!string.IsNullOrEmpty(type) && children[0].ContentType != type!.Trim().ToLowerInvariant())
                foreach (var child in children)
                    if (child.ContentType == type.Trim().ToLowerInvariant()) return child;
            return children[0];
        }

        internal static string? ContentId(MimeEntity entity)
        {
            var raw = entity.Headers.First("Content-ID");
            if (raw == null) return null;
            var text = System.Text.Encoding.ASCII.GetString(raw.Value).Trim();
            return text.Length == 0 ? null : Bare(text);
        }

        private static string Bare(string id)
        {
            var t = id.Trim();
            if (t.StartsWith("<", StringComparison.Ordinal) && t.EndsWith(">", StringComparison.Ordinal)) t = t.Substring(1, t.Length - 2);
            return t.Trim();
        }
    }
}
