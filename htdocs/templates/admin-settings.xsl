<?xml version="1.0" encoding="UTF-8"?>
<!-- admin-settings.xsl: Grundeinstellungen (the Kundenstamm on or off), the way to the
     Erscheinungsbild, and the edition. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_admin.xsl"/>

  <xsl:template match="/page" mode="title"><xsl:value-of select="kp:t('nav.settings')"/></xsl:template>

  <xsl:template match="/page" mode="content">
    <xsl:variable name="f" select="form[@id = 'admin-settings']"/>
    <xsl:variable name="e" select="edition"/>
    <h1><xsl:value-of select="kp:t('nav.settings')"/></h1>
    <xsl:if test="string($f/@alert)">
      <p role="status">
        <xsl:attribute name="class">alert <xsl:choose><xsl:when test="starts-with($f/@alert, 'error')">error</xsl:when><xsl:otherwise>ok</xsl:otherwise></xsl:choose></xsl:attribute>
        <xsl:value-of select="kp:t($f/@alert)"/></p>
    </xsl:if>
    <xsl:choose>
      <!-- Asked once more before the customers' portals go offline with the Kundenstamm. -->
      <xsl:when test="confirm-off">
        <form method="post" action="{$mount}/settings" class="card stack"
              aria-labelledby="confirm-off-title" aria-describedby="confirm-off-text">
          <input type="hidden" name="csrf" value="{$ctx/@csrf}"/>
          <input type="hidden" name="confirm_off" value="1"/>
          <xsl:call-template name="hidden"><xsl:with-param name="form" select="$f"/><xsl:with-param name="name" select="'version'"/></xsl:call-template>
          <h2 id="confirm-off-title"><xsl:value-of select="kp:t('settings.confirm_off_title')"/></h2>
          <p id="confirm-off-text" class="alert error">
            <xsl:value-of select="kp:t('settings.confirm_off', confirm-off/@portals, confirm-off/@accounts)"/></p>
          <p class="actions">
            <button type="submit" class="primary"><xsl:value-of select="kp:t('settings.confirm_off_button')"/></button>
            <a class="button" href="{$mount}/settings"><xsl:value-of select="kp:t('settings.confirm_off_cancel')"/></a>
          </p>
        </form>
      </xsl:when>
      <xsl:otherwise>
        <form method="post" action="{$mount}/settings" class="card stack">
          <input type="hidden" name="csrf" value="{$ctx/@csrf}"/>
          <xsl:call-template name="hidden"><xsl:with-param name="form" select="$f"/><xsl:with-param name="name" select="'version'"/></xsl:call-template>
          <xsl:call-template name="checkbox">
            <xsl:with-param name="form" select="$f"/><xsl:with-param name="name" select="'customer_master'"/>
            <xsl:with-param name="label" select="'settings.customer_master'"/>
          </xsl:call-template>
          <p class="meta"><xsl:value-of select="kp:t('settings.customer_master_explain')"/></p>
          <p class="actions"><button type="submit" class="primary"><xsl:value-of select="kp:t('page.save')"/></button></p>
        </form>
      </xsl:otherwise>
    </xsl:choose>
    <section class="card">
      <h2><xsl:value-of select="kp:t('settings.branding')"/></h2>
      <p><xsl:value-of select="kp:t('settings.branding_explain')"/></p>
      <p><a class="button" href="{$mount}/settings/branding"><xsl:value-of select="kp:t('settings.branding_link')"/></a></p>
    </section>
    <section class="card">
      <h2><xsl:value-of select="kp:t('settings.edition')"/></h2>
      <p>
        <xsl:choose>
          <xsl:when test="$e/@pro = '1'"><xsl:value-of select="kp:t('edition.pro')"/></xsl:when>
          <xsl:when test="$e/@kunden-plus = '1'"><xsl:value-of select="kp:t('edition.kunden_plus')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="kp:t('edition.basic', $e/@trial-days)"/></xsl:otherwise>
        </xsl:choose>
      </p>
    </section>
  </xsl:template>
</xsl:stylesheet>
