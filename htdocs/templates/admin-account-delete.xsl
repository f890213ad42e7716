<?xml version="1.0" encoding="UTF-8"?>
<!-- admin-account-delete.xsl: "Konto löschen": what goes with a portal account and what stays,
     asked once before it is deleted for good. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_admin.xsl"/>

  <xsl:template match="/page" mode="title"><xsl:value-of select="kp:t('account.delete_title')"/></xsl:template>

  <xsl:template match="/page" mode="content">
    <xsl:variable name="po" select="portal"/>
    <xsl:variable name="back" select="concat($mount, '/', $po/@owner, 's/', $po/@owner-id, '#portal')"/>
    <p class="crumbs"><a href="{$back}"><xsl:value-of select="$po/owner-name"/></a></p>
    <form method="post" action="{$mount}/portals/{$po/@id}/accounts/{$po/account/@id}/delete" class="card stack"
          aria-labelledby="delete-title" aria-describedby="delete-text">
      <input type="hidden" name="csrf" value="{$ctx/@csrf}"/>
      <h1 id="delete-title"><xsl:value-of select="kp:t('account.delete_title')"/></h1>
      <dl>
        <dt><xsl:value-of select="kp:t('login.username')"/></dt><dd><strong><xsl:value-of select="$po/account/@username"/></strong></dd>
        <dt><xsl:value-of select="kp:t('account.display_name')"/></dt><dd><xsl:value-of select="$po/account"/></dd>
      </dl>
      <p id="delete-text" class="alert error"><xsl:value-of select="kp:t('account.delete_explain')"/></p>
      <p class="meta"><xsl:value-of select="kp:t('account.delete_instead')"/></p>
      <p class="actions">
        <button type="submit" class="primary"><xsl:value-of select="kp:t('account.delete_button')"/></button>
        <a class="button" href="{$back}"><xsl:value-of select="kp:t('settings.confirm_off_cancel')"/></a>
      </p>
    </form>
  </xsl:template>
</xsl:stylesheet>
