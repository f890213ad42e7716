<?xml version="1.0" encoding="UTF-8"?>
<!-- admin-sheet.xsl: the printable access sheet of one account: company, project or customer,
     link and QR code, username; right after an invitation its one-time link instead. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_admin.xsl"/>

  <xsl:template match="/page" mode="title"><xsl:value-of select="kp:t('sheet.title')"/></xsl:template>

  <xsl:template match="/page" mode="content">
    <xsl:variable name="po" select="portal"/>
    <p class="crumbs noprint"><a href="{$mount}/portals/{$po/@id}/link"><xsl:value-of select="kp:t('link.title')"/></a></p>
    <xsl:if test="/page/@staged = '1'">
      <div class="alert staged-box noprint" role="status">
        <p><xsl:value-of select="kp:t('sheet.staged')"/></p>
        <xsl:choose>
          <xsl:when test="/page/form[@id = 'main']">
            <!-- What was typed into the page travels back with the button (never a password). -->
            <form method="post" action="{$mount}/{$po/@owner}s/{$po/@owner-id}?staged=1#portal">
              <input type="hidden" name="csrf" value="{$ctx/@csrf}"/>
              <xsl:for-each select="/page/form[@id = 'main']/f">
                <input type="hidden" name="{@n}" value="{.}"/>
              </xsl:for-each>
              <p><button type="submit" name="action" value="resume" class="primary"><xsl:value-of select="kp:t('sheet.back')"/></button></p>
            </form>
          </xsl:when>
          <xsl:otherwise>
            <p><a class="button primary" href="{$mount}/{$po/@owner}s/{$po/@owner-id}#portal"><xsl:value-of select="kp:t('sheet.back')"/></a></p>
          </xsl:otherwise>
        </xsl:choose>
      </div>
    </xsl:if>
    <article class="sheet card">
      <h1><xsl:value-of select="kp:t('sheet.heading', $ctx/@tenant)"/></h1>
      <dl>
        <dt><xsl:value-of select="kp:t(concat('sheet.', $po/@owner))"/></dt><dd><xsl:value-of select="$po/owner-name"/></dd>
        <dt><xsl:value-of select="kp:t('account.display_name')"/></dt><dd><xsl:value-of select="$po/account"/></dd>
        <dt><xsl:value-of select="kp:t('login.username')"/></dt><dd><strong class="username"><xsl:value-of select="$po/account/@username"/></strong></dd>
        <xsl:choose>
          <xsl:when test="$po/invite">
            <dt><xsl:value-of select="kp:t('sheet.invite')"/></dt>
            <dd><a class="invite-link" href="{$po/invite/@url}"><xsl:value-of select="$po/invite/@url"/></a>
              <p class="meta"><xsl:value-of select="kp:t('sheet.invite_explain', $po/invite/@days)"/></p></dd>
          </xsl:when>
          <xsl:otherwise>
            <dt><xsl:value-of select="kp:t('login.password')"/></dt>
            <xsl:choose>
              <xsl:when test="$po/password">
                <dd><strong class="password"><xsl:value-of select="$po/password"/></strong></dd>
              </xsl:when>
              <xsl:otherwise>
                <dd><span class="write-in"></span><p class="meta"><xsl:value-of select="kp:t('sheet.password_note')"/></p></dd>
              </xsl:otherwise>
            </xsl:choose>
            <dt><xsl:value-of select="kp:t('link.link')"/></dt><dd><xsl:value-of select="$po/link"/></dd>
          </xsl:otherwise>
        </xsl:choose>
      </dl>
      <figure class="qr">
        <img src="{($po/invite/qr | $po/qr)/@src}" alt="{kp:t('link.qr_alt', ($po/invite/@url | $po/link)[1])}" width="300" height="300"/>
      </figure>
      <p class="meta"><xsl:value-of select="kp:t('sheet.how')"/></p>
    </article>
    <p class="noprint meta"><xsl:value-of select="kp:t('sheet.print_hint')"/></p>
  </xsl:template>
</xsl:stylesheet>
