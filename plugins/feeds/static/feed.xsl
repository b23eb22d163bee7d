<?xml version="1.0" encoding="utf-8"?>
<!-- Shows an Atom or RSS feed, opened in a browser, as a page that explains
     what a feed is and how to follow it. Applied by the browser itself
     through the feed's xml-stylesheet instruction; it loads nothing else. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" indent="yes"
      doctype-system="about:legacy-compat"/>

  <xsl:variable name="title" select="/atom:feed/atom:title | /rss/channel/title"/>
  <xsl:variable name="home"
      select="/atom:feed/atom:link[not(@rel) or @rel='alternate']/@href | /rss/channel/link"/>
  <xsl:variable name="self"
      select="/atom:feed/atom:link[@rel='self']/@href | /rss/channel/*[local-name()='link' and @rel='self']/@href"/>

  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>Feed: <xsl:value-of select="$title"/></title>
        <style>
          :root { color-scheme: light dark; --fg: #1d1d1b; --bg: #fdfcf9; --muted: #5b5a55; --accent: #0b5cad; --box: #f2f0ea; }
          @media (prefers-color-scheme: dark) { :root { --fg: #e8e6e1; --bg: #161615; --muted: #aaa79f; --accent: #8cc4ff; --box: #22221f; } }
          body { margin: 0; background: var(--bg); color: var(--fg); font: 1.1rem/1.6 Charter, Georgia, serif; }
          main { max-width: 66ch; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
          a { color: var(--accent); }
          .note { background: var(--box); padding: 1rem 1.25rem; border-radius: 6px; }
          code { word-break: break-all; font-size: 0.95em; }
          ol { padding-left: 1.25rem; }
          li { margin: 0.6rem 0; }
          time { color: var(--muted); font-size: 0.9em; display: block; }
        </style>
      </head>
      <body>
        <main>
          <p><strong>This is a web feed</strong> of <a href="{$home}"><xsl:value-of select="$title"/></a>.</p>
          <div class="note">
            <p>A feed reader checks it for you and shows each new essay in full as soon as it is published, with no account and no e-mail.</p>
            <p>To follow it, copy this address into your feed reader:</p>
            <p><code><xsl:value-of select="$self"/></code></p>
          </div>
          <h1>Latest essays</h1>
          <ol>
            <xsl:apply-templates select="/atom:feed/atom:entry | /rss/channel/item"/>
          </ol>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li>
      <a href="{atom:link[not(@rel) or @rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a>
      <time datetime="{atom:published}"><xsl:value-of select="substring(atom:published, 1, 10)"/></time>
    </li>
  </xsl:template>

  <xsl:template match="item">
    <li>
      <a href="{link}"><xsl:value-of select="title"/></a>
      <time><xsl:value-of select="pubDate"/></time>
    </li>
  </xsl:template>
</xsl:stylesheet>
