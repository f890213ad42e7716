<?xml version="1.0" encoding="UTF-8"?>
<!-- admin-link.xsl: "Link/QR Code anzeigen": the portal link with a copy button, the QR code
     (inline SVG, PNG download), "Link erneuern", and per account the access sheet and invitation. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_admin.xsl"/>

  <xsl:template match="/page" mode="title"><xsl:value-of select="kp:t('link.title')"/></xsl:template>

  <xsl:template match="/page" mode="content">
    <xsl:variable name="po" select="portal"/>
    <p class="crumbs"><a href="{$mount}/{$po/@owner}s/{$po/@owner-id}#portal"><xsl:value-of select="$po/owner-name"/></a></p>
    <h1><xsl:value-of select="kp:t('link.title')"/></h1>
    <xsl:call-template name="notices"/>
    <xsl:if test="$po/@enabled = '0'"><p class="alert"><xsl:value-of select="kp:t('portal.is_off')"/></p></xsl:if>
    <section class="card stack">
      <label for="portal-link"><xsl:value-of select="kp:t('link.link')"/></label>
      <input type="text" id="portal-link" readonly="readonly" value="{$po/link}"/>
      <p><a href="{$po/link}" id="portal-link-a"><xsl:value-of select="$po/link"/></a></p>
      <p><button type="button" data-copy="portal-link" data-copied="{kp:t('link.copied')}" hidden="hidden"><xsl:value-of select="kp:t('link.copy')"/></button></p>
      <figure class="qr">
        <img src="{$po/qr/@src}" alt="{kp:t('link.qr_alt', $po/link)}" width="300" height="300"/>
        <figcaption><xsl:value-of select="kp:t('link.qr_caption')"/></figcaption>
      </figure>
      <p>
        <a class="button" href="{$mount}/portals/{$po/@id}/qr.png" download="kundenportal-qr.png"><xsl:value-of select="kp:t('link.png')"/></a>
        <xsl:text> </xsl:text>
        <a class="button" href="{$mount}/portals/{$po/@id}/qr.svg"><xsl:value-of select="kp:t('link.svg')"/></a>
      </p>
      <form method="post" action="{$mount}/portals/{$po/@id}/link" data-confirm="{kp:t('link.renew_confirm')}">
        <input type="hidden" name="csrf" value="{$ctx/@csrf}"/>
        <p class="meta"><xsl:value-of select="kp:t('link.renew_explain')"/></p>
        <button type="submit" name="action" value="rotate"><xsl:value-of select="kp:t('link.renew')"/></button>
      </form>
    </section>
    <section class="card">
      <h2><xsl:value-of select="kp:t('link.sheets')"/></h2>
      <xsl:choose>
        <xsl:when test="$po/accounts/account">
          <ul class="accounts">
            <xsl:for-each select="$po/accounts/account">
              <li>
                <span class="who"><strong><xsl:value-of select="@username"/></strong> – <xsl:value-of select="."/></span>
                <xsl:if test="@active = '0'"> <span class="tag off"><xsl:value-of select="kp:t('account.inactive')"/></span></xsl:if>
                <a href="{$mount}/portals/{$po/@id}/accounts/{@id}/sheet"><xsl:value-of select="kp:t('link.sheet')"/></a>
                <xsl:if test="@active = '1'">
                  <form method="post" action="{$mount}/portals/{$po/@id}/accounts/{@id}/invite" class="inline">
                    <input type="hidden" name="csrf" value="{$ctx/@csrf}"/>
                    <button type="submit" class="link">
                      <xsl:choose>
                        <xsl:when test="@no-password = '1'"><xsl:value-of select="kp:t('link.invite')"/></xsl:when>
                        <xsl:otherwise><xsl:value-of select="kp:t('link.invite_reset')"/></xsl:otherwise>
                      </xsl:choose>
                    </button>
                  </form>
                </xsl:if>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise><p class="empty"><xsl:value-of select="kp:t('portal.no_accounts')"/></p></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>
</xsl:stylesheet>
